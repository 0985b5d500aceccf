use vocal_domain::Score;

use super::case_alert::{CaseSummary, SMS_MAX_CHARS, one_line, sms_text};

fn summary(comment: &str, unit: &str) -> CaseSummary {
    CaseSummary {
        organisation: "Acme".into(),
        time_zone: "Europe/Berlin".into(),
        case_id: 42,
        link: "https://nps.example.com/cases/42".into(),
        score: Score::new(3).unwrap(),
        comment: Some(comment.into()),
        customer_name: Some("Eve".into()),
        customer_email: None,
        customer_phone: None,
        unit: Some(unit.into()),
        agent: None,
        channel: None,
        touchpoint: None,
        rules: vec!["detractors".into()],
        submitted_at_ms: 0,
        opened_at_ms: 0,
        first_contact_due_ms: 24 * 3_600_000,
        resolve_due_ms: 7 * 24 * 3_600_000,
        previous: vec![],
    }
}

#[test]
fn one_line_turns_every_line_break_and_control_character_into_one_space() {
    assert_eq!(one_line("a\r\nBcc: x\u{2028}b\tc\u{0}d  e\n"), "a Bcc: x b c d e");
}

#[test]
fn a_short_sms_carries_the_subject_the_comment_and_the_link() {
    let text = sms_text(&summary("Nobody\r\ncalled", "Support/Berlin"), "en");
    assert_eq!(
        text,
        "Detractor 3/10 — Support/Berlin — call back within 24 h “Nobody called” https://nps.example.com/cases/42"
    );
    let german = sms_text(&summary("", "Support/Berlin"), "de");
    assert_eq!(
        german,
        "Kritiker 3/10 — Support/Berlin — Rückruf innerhalb von 24 Std. https://nps.example.com/cases/42"
    );
}

#[test]
fn a_long_comment_is_cut_so_the_sms_fits_with_its_link_whole() {
    let text = sms_text(&summary(&"word ".repeat(200), "Support/Berlin"), "en");
    assert_eq!(text.chars().count(), SMS_MAX_CHARS, "{text}");
    assert!(text.ends_with("…” https://nps.example.com/cases/42"), "{text}");
    assert!(!text.contains('\n'));
}

#[test]
fn no_sms_is_longer_than_the_limit_whatever_it_holds() {
    for unit_len in [0, 100, 280, 400] {
        for comment_len in [0, 1, 50, 300, 1000] {
            let text = sms_text(&summary(&"é".repeat(comment_len), &"u".repeat(unit_len)), "de");
            assert!(text.chars().count() <= SMS_MAX_CHARS, "{unit_len}/{comment_len}: {}", text.chars().count());
        }
    }
}
