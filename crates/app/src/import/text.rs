//! The checks made on each record's raw bytes: a spreadsheet saved as XLSX
//! or UTF-16 must be turned away with its line number, not read as garbage,
//! and quoting mistakes must not silently glue lines together.

/// Where the first byte is that cannot be in a CSV UTF-8 file: a NUL
/// byte, or the first byte that is not UTF-8, whichever comes first.
pub(crate) fn first_non_text(raw: &[u8]) -> Option<usize> {
    let valid = std::str::from_utf8(raw).map_or_else(|e| e.valid_up_to(), str::len);
    raw[..valid].iter().position(|&b| b == 0).or((valid < raw.len()).then_some(valid))
}

/// What is wrong with the quoting of one record's raw text, if anything.
/// The CSV reader is lenient and would silently glue lines together, so
/// these two RFC 4180 violations are turned into errors: a quote never
/// closed, and text after a closing quote (`"it"s"` — an inner quote not
/// doubled, or a quote left open that a later quote seemed to close).
pub(crate) fn quote_problem(raw: &[u8]) -> Option<&'static str> {
    if !raw.contains(&b'"') {
        return None;
    }
    let mut in_quotes = false;
    let mut after_closing_quote = false;
    let mut at_field_start = true;
    let mut bytes = raw.iter().copied().peekable();
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
    fn the_first_nul_or_non_utf8_byte_is_found() {
        assert_eq!(first_non_text(b"ab\0c\xC3\x28"), Some(2));
        assert_eq!(first_non_text(b"a\xC3\x28\0"), Some(1));
        assert_eq!(first_non_text("é ok".as_bytes()), None);
    }

    #[test]
    fn quoting_mistakes_are_found_and_good_quoting_passes() {
        assert_eq!(quote_problem(b"a,\"b\nc,d"), Some(UNCLOSED_QUOTE));
        assert_eq!(quote_problem(b"a,\"it\"s\",d\n"), Some(TEXT_AFTER_QUOTE));
        assert_eq!(quote_problem(b"a,\"b \"\"x\"\" c\",d\r\n"), None);
        assert_eq!(quote_problem(b"a,\"\",\"\"\"\"\n"), None);
        assert_eq!(quote_problem(b"a,5\" screen,b\n"), None, "a bare quote inside a field is tolerated");
    }
}
