//! Vocal's own format, de-duplication keys, progress, and a property test
//! that comments survive the round trip through a CSV writer.

use std::collections::BTreeMap;

use jiff::Timestamp;
use proptest::prelude::*;
use sha2::{Digest, Sha256};

use super::*;

pub(super) fn parse(text: &str) -> Result<ParsedImport, ImportError> {
    parse_responses(text.as_bytes(), &ImportOptions::default(), &mut |_| {})
}

pub(super) fn parse_in(text: &str, zone: &str) -> Result<ParsedImport, ImportError> {
    let options = ImportOptions { time_zone: TimeZone::get(zone).unwrap(), ..ImportOptions::default() };
    parse_responses(text.as_bytes(), &options, &mut |_| {})
}

pub(super) fn ms(rfc3339: &str) -> i64 {
    rfc3339.parse::<Timestamp>().unwrap().as_millisecond()
}

#[test]
fn every_vocal_column_feeds_its_field() {
    let file = "submitted_at,score,comment,channel,touchpoint,unit,agent,contact_email,account,language,response_id,Tier\n\
                2024-05-01T09:30:00+02:00,9,Quick and kind, Email ,Support call,Americas/Nevada/Reno Support,\
                Dana Cruz,Ana@Example.COM,Acme Corp,es,T-1,Gold\n";
    let parsed = parse(file).unwrap();
    assert_eq!(parsed.format, Format::Vocal);
    assert_eq!(parsed.attribute_columns, ["Tier"]);
    let row = &parsed.rows[0];
    assert_eq!(row.score.value(), 9);
    assert_eq!(row.submitted_at_ms, ms("2024-05-01T07:30:00Z"));
    assert_eq!(row.comment.as_deref(), Some("Quick and kind"));
    assert_eq!(row.channel.as_deref(), Some("email"), "channels are trimmed and lowercased");
    assert_eq!(row.touchpoint.as_deref(), Some("Support call"));
    assert_eq!(
        row.unit.as_ref().map(|u| u.names().to_vec()),
        Some(vec!["Americas".into(), "Nevada".into(), "Reno Support".into()])
    );
    assert_eq!(row.agent.as_deref(), Some("Dana Cruz"));
    assert_eq!(row.contact_email.as_deref(), Some("ana@example.com"));
    assert_eq!(row.account.as_deref(), Some("Acme Corp"));
    assert_eq!(row.language.as_deref(), Some("es"));
    assert_eq!(row.source, "import");
    assert_eq!(row.attributes, BTreeMap::from([("Tier".to_string(), "Gold".to_string())]));
}

#[test]
fn header_names_match_ignoring_case_and_spaces_and_empty_values_are_none() {
    let parsed = parse(" Score ,SUBMITTED_AT,Comment,Agent\n7,2024-05-01,  ,\n").unwrap();
    let row = &parsed.rows[0];
    assert_eq!(row.score.value(), 7);
    assert_eq!((row.comment.as_ref(), row.agent.as_ref()), (None, None));
}

#[test]
fn attributes_are_collected_and_empty_values_left_out() {
    let parsed = parse("score,submitted_at, Region ,Plan\n9,2024-05-01,  West ,\n3,2024-05-02,,Pro\n").unwrap();
    assert_eq!(parsed.attribute_columns, ["Region", "Plan"]);
    assert_eq!(parsed.rows[0].attributes, BTreeMap::from([("Region".to_string(), "West".to_string())]));
    assert_eq!(parsed.rows[1].attributes, BTreeMap::from([("Plan".to_string(), "Pro".to_string())]));
}

#[test]
fn a_date_alone_is_midnight_in_the_organisations_zone() {
    // Tokyo is UTC+9 all year: its midnight on 1 May is 15:00 UTC on 30 April.
    let parsed = parse_in("submitted_at,score\n2024-05-01,10\n2024-05-01 08:15,10\n", "Asia/Tokyo").unwrap();
    assert_eq!(parsed.rows[0].submitted_at_ms, ms("2024-04-30T15:00:00Z"));
    assert_eq!(parsed.rows[1].submitted_at_ms, ms("2024-04-30T23:15:00Z"));
}

#[test]
fn bom_crlf_quotes_emoji_and_cjk_all_parse() {
    let file = "\u{FEFF}submitted_at,score,comment,城市\r\n\
                2024-05-01,10,\"很好 👍, said \"\"the\"\" customer\r\nsecond line\",東京\r\n\
                2024-05-02,0,Ça ne marche pas 😡,\r\n";
    let parsed = parse(file).unwrap();
    assert_eq!(parsed.attribute_columns, ["城市"]);
    assert_eq!(parsed.rows[0].comment.as_deref(), Some("很好 👍, said \"the\" customer\r\nsecond line"));
    assert_eq!(parsed.rows[0].attributes.get("城市").map(String::as_str), Some("東京"));
    assert_eq!(parsed.rows[1].comment.as_deref(), Some("Ça ne marche pas 😡"));
    assert_eq!(parsed.rows[1].submitted_at_ms, ms("2024-05-02T00:00:00Z"));
}

#[test]
fn importing_the_same_file_twice_gives_the_same_keys() {
    let file = "submitted_at,score,comment\n2024-05-01,9,great\n2024-05-02,3,slow\n";
    let keys = |text: &str| parse(text).unwrap().rows.iter().map(|r| r.dedupe_key.unwrap()).collect::<Vec<_>>();
    let first = keys(file);
    assert_eq!(first, keys(file));
    assert_ne!(first[0], first[1]);
    // An overlapping export: the shared row keeps its key even at another position.
    let overlap = keys("submitted_at,score,comment\n2024-04-30,7,meh\n2024-05-02,3,slow\n");
    assert_eq!(overlap[1], first[1]);
}

#[test]
fn two_identical_rows_in_one_file_get_different_keys() {
    let rows = parse("submitted_at,score,comment\n2024-05-01,10,Great\n2024-05-01,10,Great\n").unwrap().rows;
    assert_eq!(rows.len(), 2);
    assert_ne!(rows[0].dedupe_key, rows[1].dedupe_key);
    // Cosmetic differences are normalised away before hashing.
    let again = parse("Comment,SCORE,submitted_at\nGreat,10,2024-05-01T00:00:00Z\n").unwrap().rows;
    assert_eq!(again[0].dedupe_key, rows[0].dedupe_key);
}

#[test]
fn a_response_id_alone_decides_the_key() {
    let a = parse("submitted_at,score,comment,response_id\n2024-05-01,9,great, T-77 \n").unwrap().rows;
    let b = parse("submitted_at,score,response_id\n2025-01-01,2,T-77\n").unwrap().rows;
    let expected = Sha256::digest(b"id:T-77");
    assert_eq!(a[0].dedupe_key.unwrap()[..], expected[..16]);
    assert_eq!(a[0].dedupe_key, b[0].dedupe_key);
    let without_id = parse("submitted_at,score,comment,response_id\n2024-05-01,9,great,\n").unwrap().rows;
    assert_ne!(without_id[0].dedupe_key, a[0].dedupe_key, "an empty id falls back to the content");
}

#[test]
fn progress_is_reported_as_the_file_is_read() {
    let mut file = String::from("submitted_at,score,comment\n");
    while file.len() < 5 * PROGRESS_INTERVAL {
        file.push_str("2024-05-01T10:00:00Z,8,\"a fairly ordinary comment, with a comma\"\n");
    }
    let mut seen = Vec::new();
    parse_responses(file.as_bytes(), &ImportOptions::default(), &mut |n| seen.push(n)).unwrap();
    assert!(seen.len() >= 5, "{seen:?}");
    assert!(seen.windows(2).all(|w| w[0] <= w[1]));
    assert_eq!(seen.last(), Some(&file.len()));
}

proptest! {
    #[test]
    fn any_comment_written_by_a_csv_writer_reads_back_exactly(
        comment in prop_oneof![any::<String>(), "[\",\r\n a-zé中😀']{0,40}"]
            .prop_filter("NUL makes a file binary", |c| !c.contains('\0'))
    ) {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(["submitted_at", "score", "comment"]).unwrap();
        writer.write_record(["2024-05-01", "9", comment.as_str()]).unwrap();
        let bytes = writer.into_inner().unwrap();
        let parsed = parse_responses(&bytes, &ImportOptions::default(), &mut |_| {}).unwrap();
        let expected = if comment.trim().is_empty() { None } else { Some(comment.clone()) };
        prop_assert_eq!(parsed.rows[0].comment.clone(), expected);
    }
}
