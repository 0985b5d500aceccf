//! The words of case alerts (email and SMS), one file per language. Adding
//! a language is one file like `de.rs` and one line in [`LANGUAGES`]; the
//! templates hold no words of their own, so they serve every language.
//!
//! Texts with `{name}` placeholders are filled by [`fill`], once, left to
//! right: a value that itself contains `{score}` (a customer's comment) is
//! never read as a placeholder.

mod de;
mod en;

/// Every word an alert uses, in one language.
#[derive(Debug)]
pub struct AlertTexts {
    /// The language tag users choose (`en`, `de`).
    pub code: &'static str,
    /// The language's own name, for the account page's choice.
    pub name: &'static str,
    /// jiff `strftime` formats for deadlines and for answer dates.
    pub date_time_format: &'static str,
    pub date_format: &'static str,
    pub detractor: &'static str,
    pub passive: &'static str,
    pub promoter: &'static str,
    /// `{band} {score}/10 — {place} — call back within {hours} h`
    pub subject_opened: &'static str,
    /// `{band} {score}/10 — {place}`
    pub subject_escalated_to_you: &'static str,
    /// `{band} {score}/10 — {place}`, `{new_owner}`
    pub subject_escalated_away: &'static str,
    /// `{band} {score}/10 — {place}`, `{by}`
    pub subject_reassigned: &'static str,
    /// `{name}`
    pub greeting: &'static str,
    /// `{band}`, `{score}`
    pub intro_opened: &'static str,
    /// `{previous_owner}`
    pub intro_escalated_to_you: &'static str,
    /// Escalated to you when nobody owned the case before.
    pub intro_escalated_unowned: &'static str,
    /// `{new_owner}`
    pub intro_escalated_away: &'static str,
    /// `{by}`
    pub intro_reassigned: &'static str,
    pub score: &'static str,
    pub comment: &'static str,
    pub no_comment: &'static str,
    pub customer: &'static str,
    pub unknown_customer: &'static str,
    pub unit: &'static str,
    pub agent: &'static str,
    pub touchpoint: &'static str,
    pub channel: &'static str,
    pub rules: &'static str,
    pub answered: &'static str,
    pub first_contact_by: &'static str,
    pub resolve_by: &'static str,
    pub previous_answers: &'static str,
    pub no_previous_answers: &'static str,
    pub open_case: &'static str,
    /// `{organisation}`
    pub footer: &'static str,
}

/// The languages alerts can be written in; the first is the default.
pub const LANGUAGES: &[&AlertTexts] = &[&en::TEXTS, &de::TEXTS];

/// The texts for `code`, or English when Vocal has none in that language.
pub fn texts_for(code: &str) -> &'static AlertTexts {
    supported_language(code).unwrap_or(LANGUAGES[0])
}

/// The texts for `code` (any case, `de-CH` → `de`), if Vocal has them.
pub fn supported_language(code: &str) -> Option<&'static AlertTexts> {
    let code = code.trim();
    let primary = code.split(['-', '_']).next().unwrap_or(code);
    LANGUAGES.iter().copied().find(|t| t.code.eq_ignore_ascii_case(code) || t.code.eq_ignore_ascii_case(primary))
}

/// `text` with each `{key}` replaced by its value, in one pass; unknown
/// placeholders stay as written.
pub fn fill(text: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let value = after.find('}').and_then(|end| {
            let key = &after[..end];
            values.iter().find(|(k, _)| *k == key).map(|(_, v)| (*v, end))
        });
        match value {
            Some((value, end)) => {
                out.push_str(value);
                rest = &after[end + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_once_so_values_are_never_read_as_placeholders() {
        let filled = fill("{a} and {b}, {unknown}", &[("a", "{b}"), ("b", "two")]);
        assert_eq!(filled, "{b} and two, {unknown}");
        assert_eq!(fill("no braces", &[]), "no braces");
        assert_eq!(fill("{open", &[("open", "x")]), "{open");
    }

    #[test]
    fn a_language_is_found_by_its_tag_or_its_primary_subtag_else_english() {
        assert_eq!(supported_language("DE").map(|t| t.code), Some("de"));
        assert_eq!(supported_language("de-CH").map(|t| t.code), Some("de"));
        assert_eq!(supported_language("fr").map(|t| t.code), None);
        assert_eq!(texts_for("fr").code, "en");
    }

    #[test]
    fn every_language_fills_the_same_placeholders_as_english() {
        let placeholders = |text: &str| {
            let mut found: Vec<String> =
                text.split('{').skip(1).filter_map(|p| p.split_once('}')).map(|(k, _)| k.to_string()).collect();
            found.sort();
            found
        };
        let english = LANGUAGES[0];
        for texts in LANGUAGES {
            for (ours, theirs) in [
                (texts.subject_opened, english.subject_opened),
                (texts.subject_escalated_to_you, english.subject_escalated_to_you),
                (texts.subject_escalated_away, english.subject_escalated_away),
                (texts.subject_reassigned, english.subject_reassigned),
                (texts.intro_reassigned, english.intro_reassigned),
                (texts.greeting, english.greeting),
                (texts.intro_opened, english.intro_opened),
                (texts.intro_escalated_to_you, english.intro_escalated_to_you),
                (texts.intro_escalated_away, english.intro_escalated_away),
                (texts.footer, english.footer),
            ] {
                assert_eq!(placeholders(ours), placeholders(theirs), "{}: {ours}", texts.code);
            }
        }
    }
}
