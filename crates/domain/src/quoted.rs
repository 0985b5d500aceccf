//! How a refused value appears in an error message: quoted, so blanks and
//! control characters are visible, and cut short, so one long cell cannot
//! flood a report of a thousand bad rows.

/// `text` in double quotes with escapes, at most 40 characters then `…`.
pub fn quoted(text: &str) -> String {
    const LIMIT: usize = 40;
    match text.char_indices().nth(LIMIT) {
        Some((cut, _)) => format!("{:?}…", &text[..cut]),
        None => format!("{text:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::quoted;

    #[test]
    fn short_text_is_quoted_whole_and_long_text_is_cut_at_forty_characters() {
        assert_eq!(quoted("a\tb"), r#""a\tb""#);
        let long = "é".repeat(41);
        assert_eq!(quoted(&long), format!("\"{}\"…", "é".repeat(40)));
    }
}
