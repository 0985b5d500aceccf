//! Which column layout a file has, recognised from its header, so a team
//! moving to Vocal can import a hosted tool's export as downloaded instead
//! of reshaping it in a spreadsheet first.

use std::fmt;

use csv::StringRecord;
use jiff::tz::TimeZone;

use super::columns::{self, ColumnPlan};
use super::error::ImportError;
use super::{delighted, qualtrics, surveymonkey};

/// The column mapping recognised in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Vocal's own columns: `submitted_at`, `score`, `comment`, … (see `docs/import.md`).
    Vocal,
    /// A Delighted response export: `Response ID`, `Score`, `Comment`, `Response Timestamp`, …
    Delighted,
    /// A Qualtrics survey export: three header rows, `RecordedDate`, `ResponseId`,
    /// and an NPS question `X` with its companion `X_NPS_GROUP`.
    Qualtrics,
    /// A SurveyMonkey export: two header rows, `Respondent ID`, `Collector ID`,
    /// `End Date`, and a question mentioning "recommend".
    SurveyMonkey,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Vocal => "Vocal",
            Format::Delighted => "Delighted",
            Format::Qualtrics => "Qualtrics",
            Format::SurveyMonkey => "SurveyMonkey",
        }
    }

    /// How many records after the first may still be header rows.
    pub(crate) fn max_extra_header_rows(self) -> usize {
        match self {
            Format::Qualtrics => 2,
            Format::SurveyMonkey => 1,
            Format::Vocal | Format::Delighted => 0,
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Recognises the layout from the (trimmed) header names. A file with
/// Vocal's two required columns is Vocal's whatever else it has; anything
/// unrecognised is treated as Vocal's, so its errors name Vocal's columns.
pub(crate) fn detect(labels: &[String]) -> Format {
    let has = |name: &str| labels.iter().any(|l| l.eq_ignore_ascii_case(name));
    let any = |test: fn(&str) -> bool| labels.iter().any(|l| test(&l.to_lowercase()));
    if has("score") && has("submitted_at") {
        Format::Vocal
    } else if has("respondent id") && has("collector id") {
        Format::SurveyMonkey
    } else if (has("responseid") && (has("recordeddate") || has("startdate"))) || any(|l| l.ends_with("_nps_group")) {
        Format::Qualtrics
    } else if has("response timestamp") || (has("response id") && any(|l| l.starts_with("delighted "))) {
        Format::Delighted
    } else {
        Format::Vocal
    }
}

/// Whether `record`, read right after the header, is one of the format's
/// extra header rows rather than the first response.
pub(crate) fn is_extra_header_row(format: Format, labels: &[String], record: &StringRecord) -> bool {
    match format {
        Format::Qualtrics => qualtrics::is_header_row(labels, record),
        Format::SurveyMonkey => surveymonkey::is_header_row(labels, record),
        Format::Vocal | Format::Delighted => false,
    }
}

/// The column plan for `format`, from the header and any extra header rows.
pub(crate) fn plan(
    format: Format,
    labels: Vec<String>,
    extra_rows: &[StringRecord],
    time_zone: &TimeZone,
) -> Result<ColumnPlan, ImportError> {
    match format {
        Format::Vocal => columns::plan_vocal(labels, time_zone.clone()),
        Format::Delighted => delighted::plan(labels, time_zone),
        Format::Qualtrics => qualtrics::plan(labels, extra_rows, time_zone),
        Format::SurveyMonkey => surveymonkey::plan(labels, extra_rows.first(), time_zone),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect_names(names: &[&str]) -> Format {
        detect(&names.iter().map(|n| n.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn each_layout_is_recognised_from_its_header() {
        assert_eq!(detect_names(&["submitted_at", "score", "comment"]), Format::Vocal);
        assert_eq!(detect_names(&["Respondent ID", "Collector ID", "Start Date", "End Date"]), Format::SurveyMonkey);
        assert_eq!(detect_names(&["StartDate", "RecordedDate", "ResponseId", "Q1"]), Format::Qualtrics);
        assert_eq!(detect_names(&["nps", "nps_NPS_GROUP"]), Format::Qualtrics);
        assert_eq!(detect_names(&["Response ID", "Score", "Comment", "Response Timestamp"]), Format::Delighted);
        assert_eq!(detect_names(&["Response ID", "Score", "Delighted Source"]), Format::Delighted);
        assert_eq!(detect_names(&["rating", "when"]), Format::Vocal);
    }

    #[test]
    fn vocal_columns_win_over_look_alike_custom_columns() {
        assert_eq!(detect_names(&["score", "submitted_at", "Response Timestamp"]), Format::Vocal);
    }
}
