//! The checks made on the raw bytes before any CSV parsing: a spreadsheet
//! saved as XLSX or UTF-16 must be turned away with its line number, not read
//! as garbage, and a byte-order mark must not become part of the first
//! column's name.

use super::error::ImportError;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The file's text without a leading byte-order mark, and the BOM's length
/// (so progress can still be reported in bytes of the original file).
pub(crate) fn checked_text(bytes: &[u8]) -> Result<(&str, usize), ImportError> {
    let (body, skipped) = match bytes.strip_prefix(UTF8_BOM) {
        Some(rest) => (rest, UTF8_BOM.len()),
        None => (bytes, 0),
    };
    // Whichever comes first: a NUL byte, or the first byte that is not UTF-8.
    let valid = std::str::from_utf8(body).map_or_else(|e| e.valid_up_to(), str::len);
    let bad = body[..valid].iter().position(|&b| b == 0).or((valid < body.len()).then_some(valid));
    if let Some(at) = bad {
        return Err(ImportError::NotText { line: line_of(body, at) });
    }
    let text = std::str::from_utf8(body).map_err(|_| ImportError::NotText { line: line_of(body, valid) })?;
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    Ok((text, skipped))
}

/// The 1-based line holding byte `at`.
fn line_of(bytes: &[u8], at: usize) -> u64 {
    1 + bytes[..at].iter().filter(|&&b| b == b'\n').count() as u64
}

/// What is wrong with the quoting of one record's raw text, if anything.
/// The CSV reader is lenient and would silently glue lines together, so
/// these two RFC 4180 violations are turned into errors: a quote never
/// closed, and text after a closing quote (`"it"s"` — an inner quote not
/// doubled, or a quote left open that a later quote seemed to close).
pub(crate) fn quote_problem(raw: &str) -> Option<&'static str> {
    if !raw.contains('"') {
        return None;
    }
    let mut in_quotes = false;
    let mut after_closing_quote = false;
    let mut at_field_start = true;
    let mut bytes = raw.bytes().peekable();
    while let Some(byte) = bytes.next() {
        if in_quotes {
            if byte == b'"' && bytes.next_if_eq(&b'"').is_none() {
                in_quotes = false;
                after_closing_quote = true;
            }
            continue;
        }
        match byte {
            b',' | b'\n' | b'\r' => {
                at_field_start = true;
                after_closing_quote = false;
                continue;
            }
            _ if after_closing_quote => return Some(TEXT_AFTER_QUOTE),
            b'"' if at_field_start => in_quotes = true,
            _ => {}
        }
        at_field_start = false;
    }
    in_quotes.then_some(UNCLOSED_QUOTE)
}

const UNCLOSED_QUOTE: &str = "a quote opened here is never closed, so the rest of the file was read into one field";
const TEXT_AFTER_QUOTE: &str = "a quoted field has text after its closing quote: is a quote left open, \
     or a quote inside the field not doubled (\"\")?";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nul_byte_is_reported_on_its_line() {
        assert_eq!(checked_text(b"a\nb\nc\0d\n"), Err(ImportError::NotText { line: 3 }));
    }

    #[test]
    fn invalid_utf8_is_reported_on_its_line() {
        assert_eq!(checked_text(b"score\n9\n\xC3\x28\n"), Err(ImportError::NotText { line: 3 }));
    }

    #[test]
    fn whitespace_and_a_lone_bom_are_empty() {
        assert_eq!(checked_text(b""), Err(ImportError::Empty));
        assert_eq!(checked_text(b" \r\n\t\n"), Err(ImportError::Empty));
        assert_eq!(checked_text(b"\xEF\xBB\xBF"), Err(ImportError::Empty));
    }

    #[test]
    fn quoting_mistakes_are_found_and_good_quoting_passes() {
        assert_eq!(quote_problem("a,\"b\nc,d"), Some(UNCLOSED_QUOTE));
        assert_eq!(quote_problem("a,\"it\"s\",d\n"), Some(TEXT_AFTER_QUOTE));
        assert_eq!(quote_problem("a,\"b \"\"x\"\" c\",d\r\n"), None);
        assert_eq!(quote_problem("a,\"\",\"\"\"\"\n"), None);
        assert_eq!(quote_problem("a,5\" screen,b\n"), None, "a bare quote inside a field is tolerated");
    }

    #[test]
    fn the_bom_is_stripped_and_counted() {
        assert_eq!(checked_text(b"\xEF\xBB\xBFscore\n").unwrap(), ("score\n", 3));
    }
}
