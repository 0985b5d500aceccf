//! The parser behind `vocal import responses FILE.csv`: from a file, read
//! as a stream, to validated responses, all or nothing. It recognises
//! Vocal's own columns and the exports of Delighted, Qualtrics and
//! SurveyMonkey (see `docs/import.md`). It touches no database, so the CLI
//! and the web upload share it and tests need no setup; storing the rows is
//! the caller's one transaction, which de-duplicates by each row's key.

mod columns;
mod dates;
mod dedupe;
mod delighted;
mod error;
mod formats;
pub mod importer;
mod qualtrics;
mod reader;
pub(crate) mod row;
mod seen;
mod surveymonkey;
mod text;

#[cfg(test)]
mod format_tests;
#[cfg(test)]
mod input_tests;
#[cfg(test)]
mod tests;

use std::io::Read;

use csv::StringRecord;
use jiff::tz::TimeZone;
use vocal_store::NewResponse;

pub use error::{ImportError, LineError, MAX_LINE_ERRORS};
pub use formats::Format;
pub use row::MAX_COMMENT_CHARS;

use dedupe::DedupeKeys;
use error::ErrorLog;
use reader::RecordReader;
use row::RowOutcome;

/// How often `progress` hears from [`parse_responses`], in bytes of input.
pub const PROGRESS_INTERVAL: usize = 64 * 1024;

/// What the caller knows that the file does not say.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The organisation's zone: a date, or a time without an offset, is read in it.
    pub time_zone: TimeZone,
    /// Stored on every row as where it came from; `import` by default.
    pub source: String,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions { time_zone: TimeZone::UTC, source: "import".to_string() }
    }
}

/// A file that parsed completely.
#[derive(Debug, Clone)]
pub struct ParsedImport {
    /// Which column mapping was recognised.
    pub format: Format,
    /// One per response, in file order, each with its de-duplication key.
    pub rows: Vec<NewResponse>,
    /// The columns kept as custom attributes, in file order, as named in the header.
    pub attribute_columns: Vec<String>,
}

/// Parses a whole CSV file held in memory (tests, small uploads). Every
/// record is checked before anything is returned: one bad field anywhere
/// gives [`ImportError::BadRows`] listing the bad lines, and no rows.
/// `progress` is called with the number of bytes consumed about every
/// [`PROGRESS_INTERVAL`] bytes, and once at the end.
pub fn parse_responses(
    bytes: &[u8],
    options: &ImportOptions,
    progress: &mut dyn FnMut(usize),
) -> Result<ParsedImport, ImportError> {
    let mut rows = Vec::new();
    let summary = parse_in_batches(bytes, options, progress, &mut |batch| rows.extend(batch))?;
    Ok(ParsedImport { format: summary.format, rows, attribute_columns: summary.attribute_columns })
}

/// Rows handed over per batch by [`parse_in_batches`]: enough that storing
/// a batch is mostly work, few enough that the batches in flight stay a
/// few megabytes.
pub const BATCH_ROWS: usize = 10_000;

/// What [`parse_in_batches`] found besides the rows.
#[derive(Debug, Clone)]
pub struct ImportSummary {
    pub format: Format,
    pub rows: usize,
    pub attribute_columns: Vec<String>,
}

/// Like [`parse_responses`], but reads `file` as a stream and hands rows to
/// `on_batch` as they are parsed, so storing goes on while the file is read
/// and memory does not grow with the file. Batches stop at the first bad
/// row; the result then is the error, and the caller must discard every
/// batch it received (store them in one transaction and roll it back).
pub fn parse_in_batches(
    file: impl Read,
    options: &ImportOptions,
    progress: &mut dyn FnMut(usize),
    on_batch: &mut dyn FnMut(Vec<NewResponse>),
) -> Result<ImportSummary, ImportError> {
    let mut reader = RecordReader::new(file)?;
    let mut record = StringRecord::new();
    if reader.next(&mut record)?.is_none() {
        return Err(ImportError::Empty);
    }
    let labels: Vec<String> = record.iter().map(|name| name.trim().to_string()).collect();
    let format = formats::detect(&labels);

    // Some tools write more header rows; the first record that is not one is a response.
    let mut extra_rows = Vec::new();
    let mut holding = None;
    while extra_rows.len() < format.max_extra_header_rows() {
        let Some(line) = reader.next(&mut record)? else { break };
        if formats::is_extra_header_row(format, &labels, &record) {
            extra_rows.push(record.clone());
        } else {
            holding = Some(line);
            break;
        }
    }
    let all_blank = labels.iter().all(String::is_empty);
    let plan = match formats::plan(format, labels, &extra_rows, &options.time_zone) {
        Err(_) if all_blank && holding.is_none() && rest_is_blank(&mut reader, &mut record)? => {
            return Err(ImportError::Empty);
        }
        plan => plan?,
    };

    let mut rows = Vec::with_capacity(BATCH_ROWS);
    let mut handed_over = 0;
    let mut log = ErrorLog::default();
    let mut keys = DedupeKeys::default();
    let mut responses_seen = 0usize;
    let mut next_report = PROGRESS_INTERVAL as u64;
    loop {
        let line = match holding.take() {
            Some(line) => line,
            None => match reader.next(&mut record)? {
                Some(line) => line,
                None => break,
            },
        };
        let outcome = match text::quote_problem(reader.raw()) {
            Some(problem) => {
                log.push(line, "row", problem.to_string());
                RowOutcome::Bad
            }
            None => row::parse_row(&plan, &record, line, &options.source, &mut log),
        };
        match outcome {
            RowOutcome::Blank => {}
            RowOutcome::Parsed(parsed) => {
                responses_seen += 1;
                if log.is_empty() {
                    let mut response = parsed.response;
                    response.dedupe_key = Some(keys.key(&response, parsed.response_id.as_deref()));
                    rows.push(response);
                    if rows.len() == BATCH_ROWS {
                        handed_over += rows.len();
                        on_batch(std::mem::replace(&mut rows, Vec::with_capacity(BATCH_ROWS)));
                    }
                }
            }
            RowOutcome::Bad => {
                responses_seen += 1;
                rows = Vec::new(); // nothing will be returned; stop holding memory
            }
        }
        let consumed = reader.consumed();
        if consumed >= next_report {
            progress(consumed as usize);
            next_report = consumed + PROGRESS_INTERVAL as u64;
        }
    }
    progress(reader.consumed() as usize);

    if !log.is_empty() {
        return Err(log.into_error());
    }
    if responses_seen == 0 {
        return Err(ImportError::NoRows);
    }
    let total = handed_over + rows.len();
    if !rows.is_empty() {
        on_batch(rows);
    }
    let attribute_columns = plan.attributes.into_iter().map(|(_, name)| name).collect();
    Ok(ImportSummary { format, rows: total, attribute_columns })
}

/// Whether every record left is blank: a file of whitespace only is empty,
/// not one whose header lacks columns.
fn rest_is_blank(reader: &mut RecordReader<impl Read>, record: &mut StringRecord) -> Result<bool, ImportError> {
    while reader.next(record)?.is_some() {
        if record.iter().any(|field| !field.trim().is_empty()) {
            return Ok(false);
        }
    }
    Ok(true)
}
