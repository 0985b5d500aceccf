//! Why a file could not be imported. Every message names the line and the
//! field, so the person holding the spreadsheet can find and fix it without
//! reading our code; nothing is stored unless the whole file is good.

use std::fmt;

/// How many line errors [`ImportError::BadRows`] carries; the rest are only counted.
pub const MAX_LINE_ERRORS: usize = 100;

/// One problem with one field of one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    /// The physical line where the record starts (the header is line 1), so a
    /// quoted comment spanning several lines does not shift later numbers.
    pub line: u64,
    /// The column as named in the file's header, or `row` for the record as a whole.
    pub field: String,
    pub message: String,
}

impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}: {}", self.line, self.field, self.message)
    }
}

/// Why nothing was imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// No bytes, only whitespace, or only a byte-order mark.
    Empty,
    /// A header (and, for some tools, its extra header rows) but no responses.
    NoRows,
    /// A NUL byte or invalid UTF-8: a spreadsheet saved in another format
    /// (XLSX, UTF-16 "Unicode text", a legacy code page) rather than CSV UTF-8.
    NotText {
        line: u64,
    },
    /// Reading the file failed (a disk error, a file removed while read).
    Unreadable {
        message: String,
    },
    MissingColumn {
        column: &'static str,
        found: Vec<String>,
    },
    /// Two columns whose names differ at most in case or surrounding spaces.
    DuplicateColumn {
        column: String,
    },
    /// A custom column named like a built-in field (`source`, `id`, `week`, …),
    /// which queries could then not tell apart.
    ReservedColumn {
        column: String,
    },
    /// A header row we recognised but cannot use, e.g. a time zone unknown here.
    BadHeader {
        line: u64,
        message: String,
    },
    /// Every bad record, in file order: the first [`MAX_LINE_ERRORS`] errors,
    /// and how many errors there are in all.
    BadRows {
        errors: Vec<LineError>,
        total: usize,
    },
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Empty => f.write_str("the file is empty"),
            ImportError::NoRows => f.write_str("the file has a header but no responses"),
            ImportError::NotText { line } => write!(
                f,
                "the file is not text: line {line} contains a NUL byte or invalid UTF-8 \
                 (save the spreadsheet as \"CSV UTF-8\")"
            ),
            ImportError::Unreadable { message } => write!(f, "the file could not be read: {message}"),
            ImportError::MissingColumn { column, found } => {
                write!(f, "the file has no column for {column}; columns found: ")?;
                write_list(f, found)
            }
            ImportError::DuplicateColumn { column } => {
                write!(f, "the column {column:?} appears more than once (names are compared ignoring case)")
            }
            ImportError::ReservedColumn { column } => write!(
                f,
                "the column {column:?} has the name of a built-in field and cannot be a custom \
                 attribute; rename it"
            ),
            ImportError::BadHeader { line, message } => write!(f, "line {line}: {message}"),
            ImportError::BadRows { errors, total } => {
                let noun = if *total == 1 { "problem" } else { "problems" };
                write!(f, "the file has {total} {noun}; nothing was imported")?;
                for error in errors {
                    write!(f, "\n{error}")?;
                }
                if *total > errors.len() {
                    write!(f, "\n… and {} more", total - errors.len())?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ImportError {}

fn write_list(f: &mut fmt::Formatter<'_>, names: &[String]) -> fmt::Result {
    const SHOWN: usize = 30;
    if names.is_empty() {
        return f.write_str("none");
    }
    for (i, name) in names.iter().take(SHOWN).enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{name:?}")?;
    }
    if names.len() > SHOWN {
        write!(f, ", … ({} in all)", names.len())?;
    }
    Ok(())
}

/// Collects line errors without holding more than [`MAX_LINE_ERRORS`] of them.
#[derive(Debug, Default)]
pub(crate) struct ErrorLog {
    kept: Vec<LineError>,
    total: usize,
}

impl ErrorLog {
    pub(crate) fn push(&mut self, line: u64, field: &str, message: String) {
        self.total += 1;
        if self.kept.len() < MAX_LINE_ERRORS {
            self.kept.push(LineError { line, field: field.to_string(), message });
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.total == 0
    }

    pub(crate) fn total(&self) -> usize {
        self.total
    }

    pub(crate) fn into_error(self) -> ImportError {
        ImportError::BadRows { errors: self.kept, total: self.total }
    }
}

/// A value quoted for a message, cut short so one long cell cannot flood the report.
pub(crate) use vocal_domain::quoted::quoted as shown;
