use std::path::PathBuf;

use crate::{stderr, stdout, vocal};

/// A temporary directory holding the demo survey file (with its logo) after `edit`.
pub fn survey_file(edit: impl FnOnce(String) -> String) -> (tempfile::TempDir, PathBuf) {
    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/../app/src/demo");
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(format!("{demo}/survey.toml")).unwrap();
    std::fs::copy(format!("{demo}/northwind.svg"), dir.path().join("northwind.svg")).unwrap();
    let file = dir.path().join("relationship.toml");
    std::fs::write(&file, edit(text)).unwrap();
    (dir, file)
}

#[test]
fn applying_a_file_twice_creates_then_changes_nothing() {
    let (dir, file) = survey_file(|text| text);
    let data = dir.path().join("data");
    let file = file.to_str().unwrap();
    let first = vocal(&data, &["survey", "apply", file]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert_eq!(stdout(&first).trim(), "created survey relationship (id 1)");
    let second = vocal(&data, &["survey", "apply", file]);
    assert_eq!(stdout(&second).trim(), "unchanged survey relationship (id 1)");

    std::fs::write(file, std::fs::read_to_string(file).unwrap().replace("Relationship NPS", "Relationship")).unwrap();
    let third = vocal(&data, &["survey", "apply", file]);
    assert_eq!(stdout(&third).trim(), "updated survey relationship (id 1)");

    let listed = stdout(&vocal(&data, &["survey", "list"]));
    assert!(listed.contains("relationship") && listed.contains("de en es fr ja"), "{listed}");
    assert!(listed.contains("/p/relationship "), "the public link takes the slug: {listed}");
    let shown = vocal(&data, &["survey", "show", "relationship"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&shown)).unwrap();
    assert_eq!(json["name"], "Relationship");
    assert_eq!(json["brand"]["logo"]["content_type"], "image/svg+xml");
}

#[test]
fn a_bad_file_names_each_line_and_stores_nothing() {
    let (dir, file) = survey_file(|text| {
        text.replace("colour = \"#0b5cad\"", "colour = \"blue\"").replacen(
            "why = \"Quelle est la principale raison de votre note\u{a0}?\"",
            "why = \"\"",
            1,
        )
    });
    let data = dir.path().join("data");
    let output = vocal(&data, &["survey", "apply", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    let path = file.display().to_string();
    assert!(message.contains(&format!("{path}:10: brand.colour: must be a colour")), "{message}");
    assert!(message.contains(&format!("{path}:47: texts.fr.why: must not be empty")), "{message}");
    assert!(message.contains("nothing was stored"), "{message}");
    let orgs = vocal(&data, &["org", "list"]);
    assert_eq!(stdout(&orgs), "", "not even the organisation was created");
}

#[test]
fn an_unknown_key_is_a_line_too() {
    let (dir, file) = survey_file(|text| text.replace("edit_window_hours = 48", "edit_window = 48"));
    let output = vocal(&dir.path().join("data"), &["survey", "apply", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(message.contains(":6: edit_window: unknown field `edit_window`"), "{message}");
}

#[test]
fn showing_an_unknown_survey_says_how_to_list_them() {
    let (dir, file) = survey_file(|text| text);
    let data = dir.path().join("data");
    assert!(vocal(&data, &["survey", "apply", file.to_str().unwrap()]).status.success());
    let output = vocal(&data, &["survey", "show", "nope"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("vocal survey list"), "{}", stderr(&output));
}
