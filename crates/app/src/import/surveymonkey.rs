//! SurveyMonkey's response export. Its CSV has two header rows: the first
//! names the respondent columns (`Respondent ID`, `Collector ID`,
//! `Start Date`, `End Date`, `IP Address`, `Email Address`, `First Name`,
//! `Last Name`, `Custom Data 1`) and then holds each question's text once;
//! the second says what each column of a question holds (`Response`,
//! `Open-Ended Response`, or a choice's label). Dates are US-style,
//! `06/10/2022 09:48:07 AM`.

use csv::StringRecord;
use jiff::tz::TimeZone;

use super::columns::{ColumnPlan, PlanBuilder, Target};
use super::dates::DateStyle;
use super::error::ImportError;

const SKIPPED: [&str; 5] = ["Collector ID", "Start Date", "IP Address", "First Name", "Last Name"];
const OPEN_ENDED: &str = "Open-Ended Response";

/// The second header row leaves the respondent columns empty.
pub(crate) fn is_header_row(labels: &[String], record: &StringRecord) -> bool {
    labels
        .iter()
        .position(|l| l.eq_ignore_ascii_case("Respondent ID"))
        .and_then(|i| record.get(i))
        .is_some_and(|cell| cell.trim().is_empty())
}

pub(crate) fn plan(
    questions: Vec<String>,
    answers: Option<&StringRecord>,
    time_zone: &TimeZone,
) -> Result<ColumnPlan, ImportError> {
    let answer = |i: usize| answers.and_then(|row| row.get(i)).map_or("", str::trim);
    let labels = column_names(&questions, answer);
    let mut builder = PlanBuilder::new(labels);
    builder.skip_named(&SKIPPED);
    builder.assign_vocal_names()?;
    builder.offer_named("Respondent ID", Target::ResponseId);
    builder.offer_named("End Date", Target::SubmittedAt);
    builder.offer_named("Email Address", Target::ContactEmail);
    let nps = questions.iter().position(|q| q.to_lowercase().contains("recommend"));
    if let Some(score) = nps {
        builder.offer(score, Target::Score);
        let comment = (score + 1..questions.len()).find(|&i| builder.is_free(i) && answer(i) == OPEN_ENDED);
        if let Some(comment) = comment {
            builder.offer(comment, Target::Comment);
        }
    }
    let required = ["the NPS question (a question mentioning \"recommend\")", "End Date"];
    builder.finish(time_zone.clone(), DateStyle::SurveyMonkey, required)
}

/// One name per column: the question's text, followed by ` - ` and the
/// second row's label when a question spans several columns.
fn column_names<'a>(questions: &[String], answer: impl Fn(usize) -> &'a str) -> Vec<String> {
    let mut current = "";
    let mut names = Vec::with_capacity(questions.len());
    for (i, question) in questions.iter().enumerate() {
        if !question.is_empty() {
            current = question;
        }
        let label = answer(i);
        let name = if question.is_empty() && label.is_empty() {
            String::new() // nothing names it: skipped
        } else if label.is_empty() || label == "Response" || label == OPEN_ENDED {
            current.to_string()
        } else if current.is_empty() {
            label.to_string()
        } else {
            format!("{current} - {label}")
        };
        names.push(name);
    }
    names
}
