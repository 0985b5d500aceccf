use proptest::prelude::*;

use super::*;

fn problem(raw: &str) -> EmailProblem {
    match Email::parse(raw) {
        Err(EmailError::Malformed { problem, .. }) => problem,
        other => panic!("{raw:?} gave {other:?}"),
    }
}

#[test]
fn addresses_are_trimmed_and_lower_cased() {
    assert_eq!(Email::parse(" Ana.Lopez@Example.COM\t").unwrap().as_str(), "ana.lopez@example.com");
    assert_eq!(Email::parse("zoë+news@Bücher.de").unwrap().as_str(), "zoë+news@bücher.de");
    assert_eq!(Email::parse("o'brien@mail.example.co.uk").unwrap().as_str(), "o'brien@mail.example.co.uk");
}

#[test]
fn each_mistake_is_named() {
    assert_eq!(Email::parse("  "), Err(EmailError::Empty));
    assert_eq!(problem("ana"), EmailProblem::NoAt);
    assert_eq!(problem("ana@"), EmailProblem::EmptyDomain);
    assert_eq!(problem("@example.com"), EmailProblem::EmptyLocal);
    assert_eq!(problem("ana@example"), EmailProblem::DomainWithoutDot);
    assert_eq!(problem("ana@@example.com"), EmailProblem::LocalCharacter);
    assert_eq!(problem("a b@example.com"), EmailProblem::Blank);
    assert_eq!(problem("Ana <ana@example.com>"), EmailProblem::Blank);
    assert_eq!(problem("<ana@example.com>"), EmailProblem::LocalCharacter);
    assert_eq!(problem("ana,bo@example.com"), EmailProblem::LocalCharacter);
    assert_eq!(problem(".ana@example.com"), EmailProblem::LocalDots);
    assert_eq!(problem("ana..bo@example.com"), EmailProblem::LocalDots);
    assert_eq!(problem("ana@ex..com"), EmailProblem::DomainLabel);
    assert_eq!(problem("ana@-x.com"), EmailProblem::DomainLabel);
    assert_eq!(problem("ana@x-.com"), EmailProblem::DomainLabel);
    assert_eq!(problem("ana@example.com."), EmailProblem::DomainLabel);
    assert_eq!(problem("ana@exa_mple.com"), EmailProblem::DomainLabel);
    assert_eq!(problem(&format!("{}@example.com", "a".repeat(65))), EmailProblem::LocalTooLong);
}

#[test]
fn the_length_limits_are_exact() {
    // 64 + 1 + 189 = 254 bytes: the longest allowed; one more letter is refused.
    let longest = format!("{}@{}.com", "a".repeat(64), "b".repeat(185));
    assert_eq!(longest.len(), 254);
    assert!(Email::parse(&longest).is_ok());
    let longer = format!("{}@{}.com", "a".repeat(64), "b".repeat(186));
    assert_eq!(Email::parse(&longer), Err(EmailError::TooLong { bytes: 255 }));
}

#[test]
fn messages_quote_what_was_sent() {
    let error = Email::parse(" Ana@ ").unwrap_err();
    assert_eq!(error.to_string(), "\"Ana@\" is not an email address like name@example.com (nothing after the @)");
}

#[test]
fn json_fields_are_parsed_on_the_way_in_and_written_as_text() {
    #[derive(Debug, serde::Deserialize, serde::Serialize)]
    struct Body {
        email: Option<Email>,
    }
    let body: Body = serde_json::from_str(r#"{"email":" Mia@Example.com "}"#).unwrap();
    assert_eq!(body.email.as_ref().map(Email::as_str), Some("mia@example.com"));
    assert_eq!(serde_json::to_string(&body).unwrap(), r#"{"email":"mia@example.com"}"#);
    let none: Body = serde_json::from_str(r#"{"email":null}"#).unwrap();
    assert!(none.email.is_none());
    let error = serde_json::from_str::<Body>(r#"{"email":"mia"}"#).unwrap_err().to_string();
    assert!(error.starts_with("\"mia\" is not an email address like name@example.com (it has no @)"), "{error}");
}

/// Letters, digits and the usual punctuation, in dot-separated runs.
fn local_part() -> impl Strategy<Value = String> {
    prop::collection::vec("[a-zA-Z0-9_%+'-]{1,8}", 1..4).prop_map(|runs| runs.join("."))
}

fn domain() -> impl Strategy<Value = String> {
    prop::collection::vec("[a-zA-Z0-9]([a-zA-Z0-9-]{0,6}[a-zA-Z0-9])?", 2..4).prop_map(|labels| labels.join("."))
}

proptest! {
    #[test]
    fn well_formed_addresses_parse_to_their_trimmed_lower_case(
        local in local_part(), domain in domain(), before in "[ \t]{0,3}", after in "[ \t\n]{0,3}",
    ) {
        let address = format!("{local}@{domain}");
        let parsed = Email::parse(&format!("{before}{address}{after}")).unwrap();
        prop_assert_eq!(parsed.as_str(), address.to_lowercase());
    }

    #[test]
    fn parsing_never_panics_and_what_it_returns_parses_to_itself(raw in "\\PC{0,40}|[a-zA-Z@. -]{0,20}") {
        if let Ok(email) = Email::parse(&raw) {
            prop_assert_eq!(Email::parse(email.as_str()), Ok(email.clone()));
            prop_assert_eq!(email.as_str(), email.as_str().trim());
            prop_assert_eq!(email.as_str().to_lowercase(), email.as_str());
            prop_assert!(email.as_str().contains('@'));
        }
    }

    #[test]
    fn an_address_with_a_space_inside_is_refused(local in local_part(), domain in domain(), cut in 0usize..8) {
        let address = format!("{local}@{domain}");
        let cut = cut.min(address.len() - 1).max(1);
        let spaced = format!("{} {}", &address[..cut], &address[cut..]);
        prop_assert_eq!(problem(&spaced), EmailProblem::Blank);
    }
}
