use super::*;

fn attrs() -> Vec<String> {
    vec!["plan".into(), "region code".into()]
}

fn parse(raw: RawQuery<'_>) -> Result<QuerySpec, QueryError> {
    QuerySpec::parse(&raw, &attrs())
}

#[test]
fn by_accepts_builtins_levels_buckets_and_attributes() {
    let spec = parse(RawQuery { by: Some("unit:2, week"), ..Default::default() }).unwrap();
    assert_eq!(spec.by, vec![Field::UnitLevel(2), Field::Time(Bucket::Week)]);
    let spec = parse(RawQuery { by: Some("plan"), ..Default::default() }).unwrap();
    assert_eq!(spec.by, vec![Field::Attribute("plan".into())]);
}

#[test]
fn an_unknown_field_names_itself_and_the_valid_ones() {
    let err = parse(RawQuery { by: Some("colour"), ..Default::default() }).unwrap_err();
    let message = err.to_string();
    assert!(message.contains("\"colour\""), "{message}");
    assert!(message.contains("channel") && message.contains("plan") && message.contains("week"), "{message}");
}

#[test]
fn filters_on_one_field_are_alternatives() {
    let spec =
        parse(RawQuery { filters: vec!["channel=email", "channel=sms", "plan=Gold"], ..Default::default() }).unwrap();
    assert_eq!(spec.filters.len(), 2);
    assert_eq!(spec.filters[0].values, vec!["email", "sms"]);
    assert_eq!(spec.filters[1].field, Field::Attribute("plan".into()));
}

#[test]
fn bad_parts_are_named() {
    let e = parse(RawQuery { filters: vec!["channel"], ..Default::default() }).unwrap_err();
    assert_eq!(e, QueryError::MalformedFilter("channel".into()));
    let e = parse(RawQuery { since: Some("2026-13-01"), ..Default::default() }).unwrap_err();
    assert!(e.to_string().starts_with("since:"), "{e}");
    let e = parse(RawQuery { since: Some("2026-02-01"), until: Some("2026-01-01"), ..Default::default() }).unwrap_err();
    assert!(matches!(e, QueryError::EmptyDateRange { .. }));
    let e = parse(RawQuery { by: Some("week,unit,channel"), ..Default::default() }).unwrap_err();
    assert_eq!(e, QueryError::TooManyFields(3));
    let e = parse(RawQuery { by: Some("week,week"), ..Default::default() }).unwrap_err();
    assert_eq!(e, QueryError::DuplicateField("week".into()));
    let e = parse(RawQuery { by: Some("unit:0"), ..Default::default() }).unwrap_err();
    assert!(matches!(e, QueryError::UnknownField { .. }));
    let e = parse(RawQuery { min_n: Some("many"), ..Default::default() }).unwrap_err();
    assert_eq!(e, QueryError::BadMinSample("many".into()));
}
