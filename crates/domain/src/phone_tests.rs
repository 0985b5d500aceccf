use proptest::prelude::*;

use super::*;

/// Numbers from the national plans' documented examples and fictional ranges,
/// each with its E.164 form worked out by hand.
const KNOWN: &[(&str, &str)] = &[
    ("+44 20 7946 0958", "+442079460958"),
    ("+1 (202) 555-0143", "+12025550143"),
    ("+49 30 901820", "+4930901820"),
    ("+33 1 42 68 53 00", "+33142685300"),
    ("+81 3-1234-5678", "+81312345678"),
    ("+61 2 9876 5432", "+61298765432"),
];

#[test]
fn written_forms_become_e164() {
    for (written, e164) in KNOWN {
        assert_eq!(Phone::parse(written).map(String::from), Ok(e164.to_string()), "{written}");
    }
    assert_eq!(Phone::parse(" +44.20.7946.0958 ").unwrap().as_str(), "+442079460958");
    // The library alone refuses this run of separators; ours are dropped first.
    assert_eq!(Phone::parse("+4420794-6-0-9-58").unwrap().as_str(), "+442079460958");
}

#[test]
fn each_mistake_is_named() {
    assert_eq!(Phone::parse(" "), Err(PhoneError::Empty));
    assert!(matches!(Phone::parse("020 7946 0958"), Err(PhoneError::NoCountryCode { .. })));
    assert!(matches!(Phone::parse("0044 20 7946 0958"), Err(PhoneError::NoCountryCode { .. })));
    assert!(matches!(Phone::parse("+"), Err(PhoneError::Unreadable { .. })));
    assert!(matches!(Phone::parse("+ call me"), Err(PhoneError::Unreadable { .. })));
    assert!(matches!(Phone::parse("+44 20 7946 0958 ext. 12"), Err(PhoneError::Extension { .. })));
    assert!(matches!(Phone::parse("+44 20 7946"), Err(PhoneError::NotInPlan { .. })));
    assert!(matches!(Phone::parse("+44 20 7946 09581"), Err(PhoneError::NotInPlan { .. })));
    assert!(matches!(
        Phone::parse("+0 123 456 789"),
        Err(PhoneError::Unreadable { .. } | PhoneError::NotInPlan { .. })
    ));
}

#[test]
fn messages_quote_what_was_sent() {
    assert_eq!(
        Phone::parse("020 7946 0958").unwrap_err().to_string(),
        "\"020 7946 0958\" does not start with + and a country code, like +44 20 7946 0958"
    );
}

#[test]
fn json_fields_are_parsed_on_the_way_in() {
    let phone: Phone = serde_json::from_str(r#""+44 20 7946 0958""#).unwrap();
    assert_eq!(serde_json::to_string(&phone).unwrap(), r#""+442079460958""#);
    assert!(serde_json::from_str::<Phone>(r#""07946""#).is_err());
}

/// Separators as people type them, dropped between any two digits.
fn separator() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["", "", " ", "-", ".", " - "])
}

proptest! {
    #[test]
    fn separators_between_digits_do_not_change_the_number(
        index in 0..KNOWN.len(), separators in prop::collection::vec(separator(), 16),
    ) {
        let e164 = KNOWN[index].1;
        let mut written = String::from("+");
        for (digit, gap) in e164[1..].chars().zip(&separators) {
            written.push(digit);
            written.push_str(gap);
        }
        prop_assert_eq!(Phone::parse(&written).map(String::from), Ok(e164.to_string()));
    }

    #[test]
    fn parsing_never_panics_and_what_it_returns_parses_to_itself(raw in "\\PC{0,24}|\\+[0-9 ()-]{0,20}") {
        if let Ok(phone) = Phone::parse(&raw) {
            prop_assert_eq!(Phone::parse(phone.as_str()), Ok(phone.clone()));
            let digits = &phone.as_str()[1..];
            prop_assert!(phone.as_str().starts_with('+'));
            prop_assert!(digits.bytes().all(|b| b.is_ascii_digit()) && (2..=15).contains(&digits.len()));
        }
    }

    #[test]
    fn a_number_without_its_country_code_is_refused(national in "[1-9][0-9 ]{5,12}") {
        prop_assert!(
            matches!(Phone::parse(&national), Err(PhoneError::NoCountryCode { .. })),
            "{} was accepted", national
        );
    }
}

#[test]
fn a_stored_number_is_checked_for_e164_shape_only() {
    assert_eq!(Phone::from_stored("+442079460958").unwrap().as_str(), "+442079460958");
    // Shape-valid though no plan allows it: from_stored trusts what Vocal wrote.
    assert!(Phone::from_stored("+19999999999").is_ok());
    for bad in ["", "+", "442079460958", "+0442079460958", "+44 20 7946 0958", "+1234567", "+1234567890123456", "+44a"]
    {
        assert!(Phone::from_stored(bad).is_err(), "{bad:?}");
    }
}
