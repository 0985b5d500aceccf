//! Survey files: a good one parses; each kind of problem names its key and line.

use std::path::Path;

use vocal_domain::survey::QuestionKind;

use super::{SurveyFileError, parse_survey_file};

/// A small valid file; line numbers in the tests below refer to it.
const GOOD: &str = r##"slug = "after-call"
name = "After a support call"
default_language = "en"

[brand]
organisation = "Acme"
colour = "#336699"

[[questions]]
id = "reason"
kind = "choice"
options = ["price", "service"]

[[questions]]
id = "idea"
kind = "text"
max_length = 200

[texts.en]
question = "How likely are you to recommend Acme?"
why = "Why?"
thank_you = "Thanks!"

[texts.en.questions.reason]
label = "What mattered most?"
options = { price = "Price", service = "Service" }

[texts.en.questions.idea]
label = "One idea?"
"##;

fn demo_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src/demo"))
}

/// The errors for `GOOD` with `from` replaced by `to`.
fn errors_after(from: &str, to: &str) -> Vec<SurveyFileError> {
    assert!(GOOD.contains(from), "the fixture has no {from:?}");
    parse_survey_file(&GOOD.replacen(from, to, 1), demo_dir()).expect_err("the file should be refused")
}

#[track_caller]
fn assert_one(errors: &[SurveyFileError], line: usize, key: &str, message_part: &str) {
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let error = &errors[0];
    assert_eq!((error.line, error.key.as_str()), (line, key), "{error}");
    assert!(error.message.contains(message_part), "{error}");
}

#[test]
fn a_good_file_parses_into_the_stored_shape() {
    let survey = parse_survey_file(GOOD, demo_dir()).unwrap();
    assert_eq!(survey.slug, "after-call");
    assert_eq!(survey.edit_window_hours, 48, "the default");
    assert_eq!(survey.questions[0].kind, QuestionKind::Choice { options: vec!["price".into(), "service".into()] });
    assert_eq!(survey.questions[1].kind, QuestionKind::Text { max_length: 200 });
}

#[test]
fn the_demo_file_parses_with_its_logo() {
    let text = std::fs::read_to_string(demo_dir().join("survey.toml")).unwrap();
    let survey = parse_survey_file(&text, demo_dir()).unwrap();
    let logo = survey.brand.logo.unwrap();
    assert_eq!(logo.content_type, "image/svg+xml");
    assert!(!logo.base64.is_empty());
}

#[test]
fn a_syntax_error_names_its_line() {
    let errors = errors_after("why = \"Why?\"", "why = \"Why?");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].line, 21, "{}", errors[0]);
    assert!(errors[0].to_string().starts_with("line 21: "), "{}", errors[0]);
}

#[test]
fn an_unknown_key_names_its_path_and_line() {
    let errors = errors_after("colour = \"#336699\"", "colour = \"#336699\"\ncolor = \"#336699\"");
    assert_one(&errors, 8, "brand.color", "unknown field");
}

#[test]
fn a_wrong_type_names_its_path_and_line() {
    let errors = errors_after("max_length = 200", "max_length = \"long\"");
    assert_one(&errors, 17, "questions[1].max_length", "");
}

#[test]
fn a_broken_rule_names_the_key_and_its_line() {
    let errors = errors_after("why = \"Why?\"", "why = \"\"");
    assert_one(&errors, 21, "texts.en.why", "must not be empty");
    assert_eq!(errors[0].to_string(), "line 21: texts.en.why: must not be empty");
}

#[test]
fn a_missing_label_points_at_the_table_that_lacks_it() {
    let errors =
        errors_after("options = { price = \"Price\", service = \"Service\" }", "options = { price = \"Price\" }");
    assert_one(&errors, 26, "texts.en.questions.reason.options.service", "no label");
}

#[test]
fn question_keys_are_named_as_written_in_the_file() {
    let errors = errors_after("options = [\"price\", \"service\"]", "options = [\"price\", \"Service\"]");
    assert_eq!((errors[0].line, errors[0].key.as_str()), (12, "questions[0].options[1]"), "{errors:#?}");
    let errors = errors_after("max_length = 200", "max_length = 200\noptions = [\"a\", \"b\"]");
    assert_one(&errors, 18, "questions[1].options", "only choice questions");
}

#[test]
fn every_problem_is_listed_in_line_order() {
    let broken = GOOD.replace("slug = \"after-call\"", "slug = \"After Call\"").replace("#336699", "blue");
    let errors = parse_survey_file(&broken, demo_dir()).unwrap_err();
    let found: Vec<(usize, &str)> = errors.iter().map(|e| (e.line, e.key.as_str())).collect();
    assert_eq!(found, [(1, "slug"), (7, "brand.colour")]);
}

#[test]
fn a_logo_is_read_next_to_the_file_and_checked() {
    let with_logo =
        |logo: &str| GOOD.replace("colour = \"#336699\"", &format!("colour = \"#336699\"\nlogo = \"{logo}\""));
    let survey = parse_survey_file(&with_logo("northwind.svg"), demo_dir()).unwrap();
    assert_eq!(survey.brand.logo.unwrap().content_type, "image/svg+xml");
    let missing = parse_survey_file(&with_logo("nowhere.png"), demo_dir()).unwrap_err();
    assert_one(&missing, 8, "brand.logo", "cannot read");
    let wrong_type = parse_survey_file(&with_logo("survey.toml"), demo_dir()).unwrap_err();
    assert_one(&wrong_type, 8, "brand.logo", ".svg, .png");

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("evil.svg"), "<svg onload=\"alert(1)\"/>").unwrap();
    let unsafe_svg = parse_survey_file(&with_logo("evil.svg"), dir.path()).unwrap_err();
    assert_one(&unsafe_svg, 8, "brand.logo", "event handler");
    std::fs::write(dir.path().join("big.png"), vec![0u8; vocal_domain::survey::MAX_LOGO_BYTES + 1]).unwrap();
    let too_big = parse_survey_file(&with_logo("big.png"), dir.path()).unwrap_err();
    assert_one(&too_big, 8, "brand.logo", "bytes");
}

/// Only a slug, a name and one language's texts: the rest has defaults.
const MINIMAL: &str = r#"slug = "first"
name = "Our first survey"

[texts.en]
question = "How likely are you to recommend us?"
why = "Why?"
thank_you = "Thank you!"
"#;

#[test]
fn a_first_survey_needs_only_a_slug_a_name_and_its_texts() {
    let survey = parse_survey_file(MINIMAL, Path::new(".")).unwrap();
    assert_eq!(survey.default_language, "en", "the only language");
    assert_eq!(survey.brand.colour, "#2563eb");
    assert_eq!(survey.brand.organisation, "Our first survey");
    assert_eq!(survey.brand.logo, None);
    assert!(survey.questions.is_empty());
}

#[test]
fn several_languages_need_a_default_language() {
    let two = format!("{MINIMAL}\n[texts.fr]\nquestion = \"Q ?\"\nwhy = \"Pourquoi ?\"\nthank_you = \"Merci\"\n");
    let errors = parse_survey_file(&two, Path::new(".")).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].key, "default_language");
    assert!(errors[0].message.contains("more than one language"), "{errors:?}");
}
