//! The ingest API's field checks, each with a hand-written case.

use std::collections::BTreeMap;

use super::fields::{ResponseInput, check_response, language_tag};

const NOW: i64 = 1_790_000_000_000; // 2026-09-21

fn input(score: i64) -> ResponseInput {
    ResponseInput { score, ..ResponseInput::default() }
}

fn fields_of(input: ResponseInput) -> Vec<String> {
    check_response(input, "api", NOW).unwrap_err().into_iter().map(|e| e.field).collect()
}

#[test]
fn a_full_response_becomes_a_new_response() {
    let checked = check_response(
        ResponseInput {
            score: 9,
            comment: Some("<script>alert(1)</script> kept as text".into()),
            channel: Some(" IVR ".into()),
            unit: Some("EMEA/Berlin".into()),
            agent: Some("Anna".into()),
            contact_email: Some("Ana@Example.com".into()),
            language: Some("de".into()),
            survey: Some("relationship".into()),
            submitted_at: Some("2026-09-20T10:00:00+02:00".into()),
            attributes: BTreeMap::from([("plan".into(), "Gold".into()), ("empty".into(), " ".into())]),
            ..ResponseInput::default()
        },
        "api",
        NOW,
    )
    .unwrap();
    let r = checked.response;
    assert_eq!(r.score.value(), 9);
    assert_eq!(r.comment.as_deref(), Some("<script>alert(1)</script> kept as text"));
    assert_eq!(r.channel.as_deref(), Some("ivr"));
    assert_eq!(r.unit.unwrap().names(), ["EMEA", "Berlin"]);
    assert_eq!(r.contact_email.as_deref(), Some("ana@example.com"));
    let utc: jiff::Timestamp = "2026-09-20T08:00:00Z".parse().unwrap();
    assert_eq!(r.submitted_at_ms, utc.as_millisecond(), "the offset is applied");
    assert_eq!(r.attributes, BTreeMap::from([("plan".to_string(), "Gold".to_string())]));
    assert_eq!(checked.survey.as_deref(), Some("relationship"));
    assert_eq!(r.source, "api");
}

#[test]
fn submitted_at_defaults_to_now() {
    assert_eq!(check_response(input(0), "api", NOW).unwrap().response.submitted_at_ms, NOW);
}

#[test]
fn every_bad_field_is_named() {
    let bad = ResponseInput {
        score: 11,
        comment: Some("x".repeat(10_001)),
        channel: Some("e\nmail".into()),
        unit: Some("EMEA//Berlin".into()),
        contact_email: Some("not an email".into()),
        language: Some("english!".into()),
        submitted_at: Some("yesterday".into()),
        attributes: BTreeMap::from([("score".into(), "1".into()), ("1bad".into(), "x".into())]),
        ..ResponseInput::default()
    };
    let mut fields = fields_of(bad);
    fields.sort();
    assert_eq!(
        fields,
        [
            "attributes.1bad",
            "attributes.score",
            "channel",
            "comment",
            "contact_email",
            "language",
            "score",
            "submitted_at",
            "unit"
        ]
    );
}

#[test]
fn a_future_time_is_refused_but_a_slightly_fast_clock_is_not() {
    let at = |ms: i64| jiff::Timestamp::from_millisecond(ms).unwrap().to_string();
    let future = ResponseInput { submitted_at: Some(at(NOW + 3_600_000)), ..input(5) };
    assert_eq!(fields_of(future), ["submitted_at"]);
    let fast = ResponseInput { submitted_at: Some(at(NOW + 60_000)), ..input(5) };
    assert!(check_response(fast, "api", NOW).is_ok());
}

#[test]
fn language_tags() {
    for good in ["en", "pt-BR", "zh-Hant", "fil"] {
        assert!(language_tag(good).is_ok(), "{good}");
    }
    for bad in ["e", "english", "en_GB", "en-", ""] {
        assert!(language_tag(bad).is_err(), "{bad}");
    }
}

#[test]
fn an_invitations_contact_is_parsed_and_each_bad_value_named() {
    use super::invitations::{ContactInput, InvitationInput, check_invitation};
    let invitation = |email: &str, phone: &str| InvitationInput {
        survey: "nps".into(),
        channel: "sms".into(),
        contact: ContactInput { email: Some(email.into()), phone: Some(phone.into()), ..ContactInput::default() },
        ..InvitationInput::default()
    };
    let errors = check_invitation(invitation("ana@", "020 7946 0958"), None, NOW).unwrap_err();
    let named: Vec<(&str, &str)> = errors.iter().map(|e| (e.field.as_str(), e.message.as_str())).collect();
    assert_eq!(
        named,
        [
            ("survey", "no survey \"nps\" in this organisation"),
            ("contact.email", "\"ana@\" is not an email address like name@example.com (nothing after the @)"),
            ("contact.phone", "\"020 7946 0958\" does not start with + and a country code, like +44 20 7946 0958"),
        ]
    );
}

#[test]
fn the_api_and_the_csv_import_accept_the_same_attribute_names() {
    use crate::import::{ImportOptions, parse_responses};
    let names = ["plan", "Delighted Country", "城市", "Week", "Score", "tier:gold", "a,b", "1st", "x=y", "survey"];
    for name in names {
        let by_api = super::fields::check_attributes(&BTreeMap::from([(name.to_string(), "v".to_string())])).is_empty();
        let header = if name.contains(',') { format!("\"{name}\"") } else { name.to_string() };
        let file = format!("submitted_at,score,{header}\n2024-05-01,9,v\n");
        let by_import = parse_responses(file.as_bytes(), &ImportOptions::default(), &mut |_| {}).is_ok();
        assert_eq!(by_api, by_import, "{name}: API {by_api}, import {by_import}");
    }
    let accepted =
        |name: &str| super::fields::check_attributes(&BTreeMap::from([(name.into(), "v".into())])).is_empty();
    assert!(accepted("Delighted Country") && !accepted("Week") && !accepted("1st"));
}

#[test]
fn more_than_fifty_attributes_are_refused_by_name() {
    let attributes: BTreeMap<String, String> = (0..51).map(|i| (format!("a{i}"), "v".to_string())).collect();
    let errors = check_response(ResponseInput { attributes, ..input(5) }, "api", NOW).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!((errors[0].field.as_str(), errors[0].message.as_str()), ("attributes", "51 attributes; at most 50"));
}

#[test]
fn unit_paths_deeper_than_twelve_levels_are_refused() {
    let deep = ResponseInput { unit: Some(vec!["u"; 4_000].join("/")), ..input(5) };
    assert_eq!(fields_of(deep), ["unit"]);
    let fine = ResponseInput { unit: Some(["u"; 12].join("/")), ..input(5) };
    assert!(check_response(fine, "api", NOW).is_ok());
}
