//! Vocal's own format, the all-or-nothing rule and hostile input.

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

/// The (line, field, message) of every reported error, and the total.
fn line_errors(text: &str) -> (Vec<(u64, String, String)>, usize) {
    match parse(text) {
        Err(ImportError::BadRows { errors, total }) => {
            (errors.into_iter().map(|e| (e.line, e.field, e.message)).collect(), total)
        }
        other => panic!("expected BadRows, got {other:?}"),
    }
}

fn error(line: u64, field: &str, message: &str) -> (u64, String, String) {
    (line, field.to_string(), message.to_string())
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
    assert_eq!(row.unit.as_ref().map(|u| u.names().to_vec()), Some(vec!["Americas".into(), "Nevada".into(), "Reno Support".into()]));
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
fn bad_rows_are_reported_on_the_line_where_the_record_starts() {
    // The comment on record 1 spans lines 2–3, so record 2 starts on line 4.
    let file = "submitted_at,score,comment\n\
                2024-05-01,9,\"first line\nsecond line\"\n\
                2024-05-01,11,ok\n\
                ,7,\n\
                2024-05-01,ten,x\n\
                2024-05-01,8,fine\n";
    let (errors, total) = line_errors(file);
    assert_eq!(
        errors,
        [
            error(4, "score", "\"11\" is outside 0–10"),
            error(5, "submitted_at", "is empty"),
            error(6, "score", "\"ten\" is not a whole number from 0 to 10"),
        ]
    );
    assert_eq!(total, 3);
    let message = parse(file).unwrap_err().to_string();
    assert_eq!(
        message,
        "the file has 3 problems; nothing was imported\n\
         line 4: score: \"11\" is outside 0–10\n\
         line 5: submitted_at: is empty\n\
         line 6: score: \"ten\" is not a whole number from 0 to 10"
    );
}

#[test]
fn every_bad_field_of_a_row_is_reported() {
    let file = "submitted_at,score,unit,contact_email,channel\nsoon,,Acme//Reno,ana@,\"a\nb\"\n";
    let (errors, total) = line_errors(file);
    assert_eq!(total, 5);
    let fields: Vec<&str> = errors.iter().map(|(_, field, _)| field.as_str()).collect();
    assert_eq!(fields, ["score", "submitted_at", "channel", "unit", "contact_email"]);
    assert!(errors.iter().all(|(line, _, _)| *line == 2));
    assert_eq!(errors[3].2, "unit path \"Acme//Reno\" has an empty name");
    assert_eq!(errors[4].2, "\"ana@\" is not an email address like name@example.com");
}

#[test]
fn a_row_with_the_wrong_number_of_fields_is_a_line_error() {
    let (errors, _) = line_errors("submitted_at,score,comment\n2024-05-01,9\n2024-05-01,9,a,b\n2024-05-01,9,ok\n");
    assert_eq!(
        errors,
        [error(2, "row", "has 2 fields but the header has 3"), error(3, "row", "has 4 fields but the header has 3")]
    );
}

#[test]
fn an_unclosed_quote_is_pointed_at() {
    // At the end of the file: the rest of the file became one comment.
    let (errors, _) = line_errors("submitted_at,score,comment\n2024-05-01,9,\"never closed\n2024-05-02,8,ok\n");
    assert_eq!(errors[0].0, 2);
    assert!(errors[0].2.starts_with("a quote opened here is never closed"), "{errors:?}");
    // Mid-file: a later quote seems to close it, leaving text after it.
    let (errors, _) = line_errors("submitted_at,score,comment\n2024-05-01,9,\"oops\n2024-05-02,8,\"ok\"\n2024-05-03,7,x\n");
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].0, 2);
    assert!(errors[0].2.starts_with("a quoted field has text after its closing quote"), "{errors:?}");
    // A well-quoted multi-line field in a record that is short of fields.
    let (errors, _) = line_errors("submitted_at,score,comment,agent\n2024-05-01,9,\"two\nlines\"\n");
    assert_eq!(errors, [error(2, "row", "has 3 fields but the header has 4 (is a quote left open?)")]);
}

#[test]
fn a_comment_over_the_limit_is_refused() {
    let file = format!("submitted_at,score,comment\n2024-05-01,9,{}\n", "x".repeat(MAX_COMMENT_CHARS + 1));
    let (errors, _) = line_errors(&file);
    assert_eq!(errors, [error(2, "comment", "is 10001 characters long; the limit is 10000")]);
}

#[test]
fn over_a_hundred_bad_rows_list_the_first_hundred_and_count_all() {
    let mut file = String::from("submitted_at,score\n");
    for _ in 0..150 {
        file.push_str("2024-05-01,42\n");
    }
    let (errors, total) = line_errors(&file);
    assert_eq!((errors.len(), total), (MAX_LINE_ERRORS, 150));
    assert_eq!(errors[0].0, 2);
    assert_eq!(errors[99].0, 101);
    assert!(parse(&file).unwrap_err().to_string().ends_with("line 101: score: \"42\" is outside 0–10\n… and 50 more"));
}

#[test]
fn empty_and_header_only_files_are_refused() {
    assert_eq!(parse("").unwrap_err(), ImportError::Empty);
    assert_eq!(parse("  \n\r\n ").unwrap_err(), ImportError::Empty);
    assert_eq!(parse("submitted_at,score\n").unwrap_err(), ImportError::NoRows);
    assert_eq!(parse("submitted_at,score\n,\n , \n").unwrap_err(), ImportError::NoRows);
    assert_eq!(parse("submitted_at,score\n").unwrap_err().to_string(), "the file has a header but no responses");
}

#[test]
fn a_file_without_a_score_column_lists_what_it_has() {
    let err = parse("submitted_at,rating,comment\n2024-05-01,9,ok\n").unwrap_err();
    let found = ["submitted_at", "rating", "comment"].map(String::from).to_vec();
    assert_eq!(err, ImportError::MissingColumn { column: "score", found });
    assert_eq!(
        err.to_string(),
        "the file has no column for score; columns found: \"submitted_at\", \"rating\", \"comment\""
    );
}

#[test]
fn binary_files_are_refused_with_the_line() {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend_from_slice(&[0xff; 32]);
    let options = ImportOptions::default();
    assert_eq!(parse_responses(&png, &options, &mut |_| {}).unwrap_err(), ImportError::NotText { line: 1 });
    let latin1 = b"submitted_at,score,comment\n2024-05-01,9,ok\n2024-05-01,9,tr\xe8s bien\n";
    assert_eq!(parse_responses(latin1, &options, &mut |_| {}).unwrap_err(), ImportError::NotText { line: 3 });
    let utf16 = "score".encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<u8>>();
    assert_eq!(parse_responses(&utf16, &options, &mut |_| {}).unwrap_err(), ImportError::NotText { line: 1 });
}

#[test]
fn reserved_and_duplicate_columns_are_refused() {
    let err = parse("submitted_at,score,source\n2024-05-01,9,web\n").unwrap_err();
    assert_eq!(err.to_string(), "the column \"source\" has the name of a built-in field and cannot be a custom attribute; rename it");
    let err = parse("submitted_at,score,Plan,plan \n2024-05-01,9,a,b\n").unwrap_err();
    assert_eq!(err, ImportError::DuplicateColumn { column: "plan".into() });
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
