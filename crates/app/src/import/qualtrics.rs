//! Qualtrics' survey export. Its CSV has three header rows: column names
//! (`StartDate`, …, `Q1`), question texts, and one JSON object per column
//! such as `{"ImportId":"recordedDate","timeZone":"America/Denver"}`. An NPS
//! question `X` comes with a derived `X_NPS_GROUP` column; a plain text-entry
//! question has an ImportId `QIDn_TEXT`, which is how the comment is found.

use csv::StringRecord;
use jiff::tz::TimeZone;
use serde::Deserialize;

use super::columns::{ColumnPlan, PlanBuilder, Target};
use super::dates::DateStyle;
use super::error::ImportError;

/// Respondent metadata with no use in an NPS breakdown (or personal data we
/// do not keep), and response properties that describe the session.
const SKIPPED: [&str; 13] = [
    "StartDate",
    "EndDate",
    "Status",
    "IPAddress",
    "Progress",
    "Duration (in seconds)",
    "Finished",
    "RecipientLastName",
    "RecipientFirstName",
    "LocationLatitude",
    "LocationLongitude",
    "LocationAccuracy",
    "ResponseSet",
];

/// Names of metadata columns and the texts Qualtrics puts under them in the
/// second header row; either marks that row as a header, not a response.
const SECOND_ROW_TEXTS: [(&str, &str); 3] =
    [("ResponseId", "Response ID"), ("RecordedDate", "Recorded Date"), ("StartDate", "Start Date")];

/// The third header row's cell for one column.
#[derive(Debug, Deserialize)]
struct ImportId {
    #[serde(rename = "ImportId")]
    id: String,
    #[serde(rename = "timeZone")]
    time_zone: Option<String>,
}

fn import_id(cell: &str) -> Option<ImportId> {
    let cell = cell.trim();
    if !cell.starts_with('{') {
        return None;
    }
    serde_json::from_str(cell).ok()
}

pub(crate) fn is_header_row(labels: &[String], record: &StringRecord) -> bool {
    if record.iter().any(|cell| import_id(cell).is_some()) {
        return true;
    }
    labels.iter().zip(record.iter()).any(|(label, cell)| {
        SECOND_ROW_TEXTS
            .iter()
            .any(|(name, text)| label.eq_ignore_ascii_case(name) && cell.trim().eq_ignore_ascii_case(text))
    })
}

pub(crate) fn plan(
    labels: Vec<String>,
    extra_rows: &[StringRecord],
    zone: &TimeZone,
) -> Result<ColumnPlan, ImportError> {
    let id_row = extra_rows.iter().find(|row| row.iter().any(|cell| import_id(cell).is_some()));
    let ids: Vec<Option<ImportId>> =
        (0..labels.len()).map(|i| id_row.and_then(|row| row.get(i)).and_then(import_id)).collect();

    let mut builder = PlanBuilder::new(labels);
    builder.skip_named(&SKIPPED);
    for index in 0..builder.labels().len() {
        let name = builder.labels()[index].to_lowercase();
        // Qualtrics' own response properties (Q_BallotBoxStuffing,
        // Q_RecaptchaScore, Q_RelevantID…), display-order columns, and the
        // derived promoter/passive/detractor group.
        if name.starts_with("q_") || name.ends_with("_do") || name.ends_with("_nps_group") {
            builder.offer(index, Target::Skip);
        }
    }
    builder.assign_vocal_names()?;
    builder.offer_named("RecordedDate", Target::SubmittedAt);
    builder.offer_named("ResponseId", Target::ResponseId);
    builder.offer_named("RecipientEmail", Target::ContactEmail);
    builder.offer_named("DistributionChannel", Target::Channel);
    builder.offer_named("UserLanguage", Target::Language);
    if let Some(score) = nps_column(&builder, &ids) {
        builder.offer(score, Target::Score);
        if let Some(comment) = comment_column(&builder, &ids, score) {
            builder.offer(comment, Target::Comment);
        }
    }

    let time_zone = match builder.find("RecordedDate").and_then(|i| ids[i].as_ref()?.time_zone.as_deref()) {
        Some(name) => zone_named(name, id_row)?,
        None => zone.clone(),
    };
    let required = ["the NPS question (a column X next to X_NPS_GROUP)", "RecordedDate"];
    let mut plan = builder.finish(time_zone, DateStyle::Iso, required)?;
    plan.lowercase_language = true;
    Ok(plan)
}

/// The first NPS question: the column `X` of an `X_NPS_GROUP` column, by
/// name or else by ImportId (`QID3` for `QID3_NPS_GROUP`).
fn nps_column(builder: &PlanBuilder, ids: &[Option<ImportId>]) -> Option<usize> {
    let by_name = builder.labels().iter().find_map(|label| {
        let stem = label.get(..label.len().checked_sub("_NPS_GROUP".len())?)?;
        label[stem.len()..].eq_ignore_ascii_case("_NPS_GROUP").then(|| builder.find(stem)).flatten()
    });
    by_name.or_else(|| {
        let id_of = |i: usize| ids[i].as_ref().map(|id| id.id.as_str());
        let stem = (0..ids.len()).find_map(|i| id_of(i)?.strip_suffix("_NPS_GROUP"))?;
        (0..ids.len()).find(|&i| id_of(i) == Some(stem))
    })
}

/// The first plain text-entry question after the NPS question: ImportId
/// `QIDn_TEXT`, not a choice's "other" box (`QIDn_4_TEXT`).
fn comment_column(builder: &PlanBuilder, ids: &[Option<ImportId>], score: usize) -> Option<usize> {
    (score + 1..ids.len()).find(|&i| {
        builder.is_free(i)
            && ids[i].as_ref().is_some_and(|id| {
                id.id
                    .strip_prefix("QID")
                    .and_then(|rest| rest.strip_suffix("_TEXT"))
                    .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            })
    })
}

fn zone_named(name: &str, id_row: Option<&StringRecord>) -> Result<TimeZone, ImportError> {
    if name.eq_ignore_ascii_case("Z") || name.eq_ignore_ascii_case("UTC") {
        return Ok(TimeZone::UTC);
    }
    TimeZone::get(name).map_err(|_| ImportError::BadHeader {
        line: id_row.and_then(|row| row.position()).map_or(3, |p| p.line()),
        message: format!("RecordedDate: time zone {name:?} is not known here"),
    })
}
