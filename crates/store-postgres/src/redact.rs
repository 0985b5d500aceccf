//! Connection URLs carry passwords; whatever we print shows them redacted.

const HIDDEN: &str = "***";

/// `url` with its password replaced by `***`, both in the user-info
/// (`postgres://user:secret@host/db`) and in `password=` parameters. Text
/// that is not a URL is not echoed at all: it may be a key/value string
/// with a password in it.
///
/// Both passes err on the side of hiding: the user-info is taken to end at
/// the *last* `@`, so an unescaped `@`, `/` or `?` in a password is hidden
/// too, at worst with part of the host.
pub(crate) fn redact_url(url: &str) -> String {
    let Some(scheme_end) = url.find("://").map(|i| i + 3) else {
        return "(a connection string that is not a URL)".to_string();
    };
    let (scheme, rest) = url.split_at(scheme_end);
    let rest = match rest.rfind('@').map(|at| rest.split_at(at)) {
        Some((user_info, host_onwards)) => match user_info.split_once(':') {
            Some((user, _password)) => format!("{user}:{HIDDEN}{host_onwards}"),
            None => rest.to_string(),
        },
        None => rest.to_string(),
    };
    format!("{scheme}{}", hide_password_parameters(&rest))
}

/// Replaces the value of every `?password=` / `&password=` up to the next `&`.
fn hide_password_parameters(text: &str) -> String {
    const KEY: &str = "password=";
    let lower = text.to_ascii_lowercase();
    let mut shown = String::with_capacity(text.len());
    let mut copied_to = 0;
    let mut search_from = 0;
    while let Some(found) = lower[search_from..].find(KEY).map(|i| search_from + i) {
        let value_start = found + KEY.len();
        let value_end = text[value_start..].find('&').map_or(text.len(), |i| value_start + i);
        if found > 0 && matches!(text.as_bytes()[found - 1], b'?' | b'&') {
            shown.push_str(&text[copied_to..value_start]);
            shown.push_str(HIDDEN);
            copied_to = value_end;
        }
        search_from = value_end.max(value_start);
    }
    shown.push_str(&text[copied_to..]);
    shown
}

#[cfg(test)]
mod tests {
    use super::redact_url;

    #[test]
    fn the_password_in_the_user_info_is_hidden() {
        assert_eq!(redact_url("postgres://vocal:s3cret@db:5432/vocal"), "postgres://vocal:***@db:5432/vocal");
    }

    #[test]
    fn a_url_without_password_is_shown_as_is() {
        let url = "postgresql://vocal@db/vocal?sslmode=require";
        assert_eq!(redact_url(url), url);
        assert_eq!(redact_url("postgres://db/vocal"), "postgres://db/vocal");
    }

    #[test]
    fn a_password_parameter_is_hidden() {
        assert_eq!(
            redact_url("postgres://db/vocal?user=u&Password=s3cret&sslmode=disable"),
            "postgres://db/vocal?user=u&Password=***&sslmode=disable"
        );
    }

    #[test]
    fn a_password_with_unescaped_at_slash_or_question_mark_is_hidden() {
        assert_eq!(redact_url("postgres://u:p@ss/w?rd@db/vocal"), "postgres://u:***@db/vocal");
    }

    #[test]
    fn a_password_parameter_containing_at_is_hidden() {
        assert_eq!(redact_url("postgres://db/vocal?password=a@b&x=1"), "postgres://db/vocal?password=***&x=1");
    }

    #[test]
    fn text_that_is_not_a_url_is_not_echoed() {
        assert!(!redact_url("host=db password=s3cret").contains("s3cret"));
    }
}
