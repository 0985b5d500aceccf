//! A contacts file (CSV, one contact a row) read as invitations, for
//! `vocal invitations create`. Known columns (`email`, `phone`, `name`,
//! `language`, `account`, `unit`, `agent`, `touchpoint`, `channel`,
//! `expires_in_days`, `redirect_url`; any case) fill the invitation; every
//! other column is a custom attribute. Problems name the file line and the
//! column, so the file can be fixed where it is wrong.

use std::collections::HashSet;
use std::fmt;

use vocal_domain::attributes;

use super::FieldError;
use super::invitations::{InvitationInput, MAX_INVITATIONS};

/// Columns the command adds to its output, so an input column may not take their names.
pub const OUTPUT_COLUMNS: [&str; 14] = [
    "invitation_id",
    "expires_at",
    "survey_url",
    "score_0",
    "score_1",
    "score_2",
    "score_3",
    "score_4",
    "score_5",
    "score_6",
    "score_7",
    "score_8",
    "score_9",
    "score_10",
];

/// What a row does not say itself.
#[derive(Debug, Clone)]
pub struct Defaults<'a> {
    /// The survey's slug.
    pub survey: &'a str,
    pub channel: &'a str,
    pub expires_in_days: u32,
}

/// A file read whole: the header and each contact as written, and the
/// invitation each asks for.
#[derive(Debug, Clone)]
pub struct ContactsFile {
    /// The header cells as written.
    pub header: Vec<String>,
    pub rows: Vec<ContactRow>,
    columns: Vec<Column>,
}

#[derive(Debug, Clone)]
pub struct ContactRow {
    /// The line the record starts on (the header is line 1).
    pub line: u64,
    /// The cells as written, as many as the header has.
    pub cells: Vec<String>,
    pub input: InvitationInput,
}

/// One thing wrong with the file; `line` is `None` for the file as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Problem {
    pub line: Option<u64>,
    pub column: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}, {}: {}", self.column, self.message),
            None => write!(f, "{}: {}", self.column, self.message),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Email,
    Phone,
    Name,
    Language,
    Account,
    Unit,
    Agent,
    Touchpoint,
    Channel,
    ExpiresInDays,
    RedirectUrl,
    Attribute(String),
}

#[derive(Debug, Clone)]
struct Column {
    /// The header cell, trimmed.
    name: String,
    kind: Kind,
}

fn kind_of(name: &str) -> Kind {
    match name.to_lowercase().as_str() {
        "email" => Kind::Email,
        "phone" => Kind::Phone,
        "name" => Kind::Name,
        "language" => Kind::Language,
        "account" => Kind::Account,
        "unit" => Kind::Unit,
        "agent" => Kind::Agent,
        "touchpoint" => Kind::Touchpoint,
        "channel" => Kind::Channel,
        "expires_in_days" => Kind::ExpiresInDays,
        "redirect_url" => Kind::RedirectUrl,
        _ => Kind::Attribute(name.to_string()),
    }
}

fn problem(line: Option<u64>, column: impl Into<String>, message: impl Into<String>) -> Problem {
    Problem { line, column: column.into(), message: message.into() }
}

/// Reads the whole file; every problem found is returned (nothing is
/// half-read). Invitation fields are checked later, by `Collector::invite`,
/// whose errors [`ContactsFile::locate`] turns into lines.
pub fn parse_contacts(bytes: &[u8], defaults: &Defaults<'_>) -> Result<ContactsFile, Vec<Problem>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
    let mut records = reader.records();
    let header = match records.next() {
        None => return Err(vec![problem(None, "file", "is empty; its first line names the columns")]),
        Some(Err(error)) => return Err(vec![csv_problem(&error, &mut Lines::new(bytes))]),
        Some(Ok(header)) => header,
    };
    let header: Vec<String> = header.iter().map(String::from).collect();
    let columns = check_header(&header)?;
    let mut problems = Vec::new();
    let mut rows = Vec::new();
    let mut lines = Lines::new(bytes);
    for record in records {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                problems.push(csv_problem(&error, &mut lines));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| lines.at(p.byte()));
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        if record.iter().skip(columns.len()).any(|cell| !cell.trim().is_empty()) {
            let message = format!("has {} cells; the header names {} columns", record.len(), columns.len());
            problems.push(problem(Some(line), "row", message));
            continue;
        }
        let mut cells: Vec<String> = record.iter().take(columns.len()).map(String::from).collect();
        cells.resize(columns.len(), String::new());
        match row_input(&columns, &cells, defaults) {
            Ok(input) => rows.push(ContactRow { line, cells, input }),
            Err((column, message)) => problems.push(problem(Some(line), column, message)),
        }
    }
    if problems.is_empty() && rows.is_empty() {
        problems.push(problem(None, "file", "has no contacts under its header"));
    }
    if rows.len() > MAX_INVITATIONS {
        let message = format!("has {} contacts; a file holds at most {MAX_INVITATIONS}, split it", rows.len());
        problems.push(problem(None, "file", message));
    }
    if problems.is_empty() { Ok(ContactsFile { header, rows, columns }) } else { Err(problems) }
}

/// File lines of byte offsets. The csv crate's own line numbers skip
/// blank lines and miscount CRLF, and its record offsets point before
/// the line breaks that precede a record, so breaks are skipped here.
struct Lines<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: u64,
}

impl<'a> Lines<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Lines { bytes, offset: 0, line: 1 }
    }

    /// The line of the first byte at or after `byte` that is not a line break.
    fn at(&mut self, byte: u64) -> u64 {
        let mut start = usize::try_from(byte).unwrap_or(usize::MAX).min(self.bytes.len());
        while matches!(self.bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        if start < self.offset {
            (self.offset, self.line) = (0, 1);
        }
        for i in self.offset..start {
            let lone_cr = self.bytes[i] == b'\r' && self.bytes.get(i + 1) != Some(&b'\n');
            if self.bytes[i] == b'\n' || lone_cr {
                self.line += 1;
            }
        }
        self.offset = start;
        self.line
    }
}

fn csv_problem(error: &csv::Error, lines: &mut Lines<'_>) -> Problem {
    let line = error.position().map(|p| lines.at(p.byte()));
    let message = match error.kind() {
        csv::ErrorKind::Utf8 { .. } => "is not UTF-8 text; save the file as CSV UTF-8".to_string(),
        _ => format!("cannot be read as CSV: {error}"),
    };
    problem(line, if line.is_some() { "row" } else { "file" }, message)
}

fn check_header(header: &[String]) -> Result<Vec<Column>, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut seen = HashSet::new();
    let mut columns = Vec::with_capacity(header.len());
    for (i, raw) in header.iter().enumerate() {
        let name = raw.trim().to_string();
        let kind = kind_of(&name);
        if name.is_empty() {
            problems.push(problem(Some(1), format!("column {}", i + 1), "has no name"));
        } else if !seen.insert(name.to_lowercase()) {
            problems.push(problem(Some(1), &name, "names two columns"));
        } else if OUTPUT_COLUMNS.contains(&name.to_lowercase().as_str()) {
            problems.push(problem(Some(1), &name, "is a column the output adds; rename or remove it"));
        } else if let Kind::Attribute(attribute) = &kind
            && let Err(error) = attributes::check_name(attribute)
        {
            problems.push(problem(Some(1), &name, error.to_string()));
        }
        columns.push(Column { name, kind });
    }
    if !columns.iter().any(|c| matches!(c.kind, Kind::Email | Kind::Phone)) {
        problems.push(problem(Some(1), "header", "needs an email or a phone column"));
    }
    if problems.is_empty() { Ok(columns) } else { Err(problems) }
}

/// The invitation a row asks for; blank cells are left out.
fn row_input(
    columns: &[Column],
    cells: &[String],
    defaults: &Defaults<'_>,
) -> Result<InvitationInput, (String, String)> {
    let mut input = InvitationInput {
        survey: defaults.survey.to_string(),
        channel: defaults.channel.to_string(),
        expires_in_days: Some(defaults.expires_in_days),
        ..InvitationInput::default()
    };
    for (column, cell) in columns.iter().zip(cells) {
        let value = cell.trim();
        if value.is_empty() {
            continue;
        }
        let text = Some(value.to_string());
        match &column.kind {
            Kind::Email => input.contact.email = text,
            Kind::Phone => input.contact.phone = text,
            Kind::Name => input.contact.name = text,
            Kind::Language => (input.contact.language, input.language) = (text.clone(), text),
            Kind::Account => (input.contact.account, input.account) = (text.clone(), text),
            Kind::Unit => input.unit = text,
            Kind::Agent => input.agent = text,
            Kind::Touchpoint => input.touchpoint = text,
            Kind::Channel => input.channel = value.to_string(),
            Kind::RedirectUrl => input.redirect_url = text,
            Kind::ExpiresInDays => match value.parse::<u32>() {
                Ok(days) => input.expires_in_days = Some(days),
                Err(_) => return Err((column.name.clone(), format!("{value:?} is not a whole number of days"))),
            },
            Kind::Attribute(name) => {
                input.attributes.insert(name.clone(), value.to_string());
            }
        }
    }
    Ok(input)
}

impl ContactsFile {
    /// The invitations, in file order.
    pub fn inputs(&self) -> Vec<InvitationInput> {
        self.rows.iter().map(|row| row.input.clone()).collect()
    }

    /// `Collector::invite` errors (`invitations[i].contact.email`) as file
    /// problems (`line 7, email`), each said once.
    pub fn locate(&self, errors: Vec<FieldError>) -> Vec<Problem> {
        let mut seen = HashSet::new();
        let mut problems = Vec::new();
        for error in errors {
            let located = match split_index(&error.field) {
                Some((i, field)) if i < self.rows.len() => {
                    problem(Some(self.rows[i].line), self.column_for(field), error.message)
                }
                _ => problem(None, error.field, error.message),
            };
            if seen.insert(located.clone()) {
                problems.push(located);
            }
        }
        problems
    }

    /// The header name of the column behind an invitation field, else the field.
    fn column_for(&self, field: &str) -> String {
        let kind = match field {
            "contact.email" => Kind::Email,
            "contact.phone" => Kind::Phone,
            "contact.name" => Kind::Name,
            "contact.language" | "language" => Kind::Language,
            "contact.account" | "account" => Kind::Account,
            "unit" => Kind::Unit,
            "agent" => Kind::Agent,
            "touchpoint" => Kind::Touchpoint,
            "channel" => Kind::Channel,
            "expires_in_days" => Kind::ExpiresInDays,
            "redirect_url" => Kind::RedirectUrl,
            other => match other.strip_prefix("attributes.") {
                Some(name) => Kind::Attribute(name.to_string()),
                None => return field.to_string(),
            },
        };
        self.columns.iter().find(|c| c.kind == kind).map_or_else(|| field.to_string(), |c| c.name.clone())
    }
}

/// `invitations[3].contact.email` → `(3, "contact.email")`.
fn split_index(field: &str) -> Option<(usize, &str)> {
    let rest = field.strip_prefix("invitations[")?;
    let (index, rest) = rest.split_once(']')?;
    Some((index.parse().ok()?, rest.strip_prefix('.').unwrap_or(rest)))
}

#[cfg(test)]
mod tests;
