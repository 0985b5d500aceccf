//! Bad and hostile input: every problem named with its line, nothing returned.

use super::tests::parse;
use super::*;

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
    assert_eq!(errors[4].2, "\"ana@\" is not an email address like name@example.com (nothing after the @)");
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
    let (errors, _) =
        line_errors("submitted_at,score,comment\n2024-05-01,9,\"oops\n2024-05-02,8,\"ok\"\n2024-05-03,7,x\n");
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
    assert_eq!(
        err.to_string(),
        "the column \"source\" has the name of a built-in field and cannot be a custom attribute; rename it"
    );
    let err = parse("submitted_at,score,Plan,plan \n2024-05-01,9,a,b\n").unwrap_err();
    assert_eq!(err, ImportError::DuplicateColumn { column: "plan".into() });
}

#[test]
fn crlf_files_name_the_same_lines_as_lf_files() {
    // Line 1 the header, 2 good, 3–4 one record whose comment has a line
    // break, 5 a bad score: csv alone numbered it line 4 in the CRLF file.
    for ending in ["\n", "\r\n"] {
        let file =
            ["submitted_at,score,comment", "2024-05-01,9,ok", "2024-05-01,8,\"two", "lines\"", "2024-05-01,11,bad", ""]
                .join(ending);
        let (errors, _) = line_errors(&file);
        assert_eq!(errors, [error(5, "score", "\"11\" is outside 0–10")], "with {ending:?}");
    }
}
