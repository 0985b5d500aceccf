//! A valid taxonomy, then one mutation per rule, each naming its key.

use std::collections::BTreeMap;

use super::*;

fn theme(slug: &str) -> ThemeDefinition {
    ThemeDefinition {
        slug: slug.into(),
        name: BTreeMap::from([("en".into(), "Wait time".into()), ("pt-BR".into(), "Espera".into())]),
        phrases: BTreeMap::from([("en".into(), vec!["on hold".into(), "queue".into()])]),
        negatable: BTreeMap::from([("de".into(), vec!["unfreundlich".into()])]),
    }
}

fn valid() -> TaxonomyDefinition {
    TaxonomyDefinition { themes: vec![theme("wait-time"), theme("billing")] }
}

fn keys_after(mutate: impl FnOnce(&mut TaxonomyDefinition)) -> Vec<String> {
    let mut taxonomy = valid();
    mutate(&mut taxonomy);
    taxonomy.validate().err().unwrap_or_default().into_iter().map(|e| e.key).collect()
}

#[track_caller]
fn rejects(key: &str, mutate: impl FnOnce(&mut TaxonomyDefinition)) {
    assert_eq!(keys_after(mutate), vec![key.to_string()], "expected exactly one problem at {key}");
}

fn english(taxonomy: &mut TaxonomyDefinition, theme: usize) -> &mut Vec<String> {
    taxonomy.themes[theme].phrases.get_mut("en").unwrap()
}

#[test]
fn the_valid_taxonomy_passes() {
    assert_eq!(keys_after(|_| {}), Vec::<String>::new());
}

#[test]
fn a_taxonomy_needs_themes_and_not_too_many() {
    rejects("theme", |t| t.themes.clear());
    rejects("theme", |t| t.themes = (0..=MAX_THEMES).map(|i| theme(&format!("t{i}"))).collect());
    assert!(keys_after(|t| t.themes = (0..MAX_THEMES).map(|i| theme(&format!("t{i}"))).collect()).is_empty());
}

#[test]
fn slugs_are_shaped_and_unique() {
    rejects("theme[1].slug", |t| t.themes[1].slug = "Billing".into());
    rejects("theme[1].slug", |t| t.themes[1].slug = String::new());
    rejects("theme[1].slug", |t| t.themes[1].slug = "wait-time".into());
    let problems = {
        let mut taxonomy = valid();
        taxonomy.themes[1].slug = "wait-time".into();
        taxonomy.validate().unwrap_err()
    };
    assert_eq!(problems[0].to_string(), "theme[1].slug: \"wait-time\" is already the slug of theme[0]");
}

#[test]
fn names_are_present_tagged_and_short() {
    rejects("theme[0].name", |t| t.themes[0].name.clear());
    rejects("theme[0].name.english", |t| {
        t.themes[0].name.insert("english".into(), "Wait".into());
    });
    rejects("theme[0].name.en", |t| {
        t.themes[0].name.insert("en".into(), "  ".into());
    });
    rejects("theme[0].name.en", |t| {
        t.themes[0].name.insert("en".into(), "x".repeat(MAX_NAME_CHARS + 1));
    });
}

#[test]
fn phrases_are_needed_in_known_languages() {
    rejects("theme[0].phrases", |t| {
        t.themes[0].phrases.clear();
        t.themes[0].negatable.clear();
    });
    assert!(keys_after(|t| t.themes[0].phrases.clear()).is_empty(), "negatable phrases alone are enough");
    rejects("theme[0].phrases.en-GB", |t| {
        t.themes[0].phrases.insert("en-GB".into(), vec!["queue".into()]);
    });
    rejects("theme[1].negatable.xx", |t| {
        t.themes[1].negatable.insert("xx".into(), vec!["queue".into()]);
    });
}

#[test]
fn each_phrase_is_short_printable_and_has_words() {
    rejects("theme[0].phrases.en[2]", |t| english(t, 0).push(String::new()));
    rejects("theme[0].phrases.en[2]", |t| english(t, 0).push("?!".into()));
    rejects("theme[0].phrases.en[2]", |t| english(t, 0).push("on\thold".into()));
    rejects("theme[0].phrases.en[2]", |t| english(t, 0).push("a".repeat(MAX_PHRASE_CHARS + 1)));
    assert!(keys_after(|t| english(t, 0).push("a".repeat(MAX_PHRASE_CHARS))).is_empty());
}

#[test]
fn a_phrase_listed_twice_in_a_language_names_both_places() {
    rejects("theme[0].phrases.en[2]", |t| english(t, 0).push("On Hold!".into()));
    let problems = {
        let mut taxonomy = valid();
        taxonomy.themes[0].negatable.insert("en".into(), vec!["queue".into()]);
        taxonomy.validate().unwrap_err()
    };
    assert_eq!(
        problems[0].to_string(),
        "theme[0].negatable.en[0]: \"queue\" is already listed at theme[0].phrases.en[1]"
    );
}

#[test]
fn the_same_phrase_in_two_themes_is_allowed() {
    let taxonomy = valid();
    assert_eq!(taxonomy.themes[0].phrases, taxonomy.themes[1].phrases);
    assert!(taxonomy.validate().is_ok(), "a phrase may say two things");
}

#[test]
fn a_language_is_limited_in_phrases_counting_negatable_ones() {
    rejects("theme[0].phrases.en", |t| {
        let phrases: Vec<String> = (0..MAX_PHRASES_PER_LANGUAGE).map(|i| format!("phrase {i}")).collect();
        *english(t, 0) = phrases[..MAX_PHRASES_PER_LANGUAGE - 1].to_vec();
        t.themes[0].negatable.insert("en".into(), vec!["rude".into(), "unfriendly".into()]);
    });
}

#[test]
fn every_problem_is_reported_at_once() {
    let keys = keys_after(|t| {
        t.themes[0].slug = "A".into();
        t.themes[1].name.clear();
        english(t, 1).push(String::new());
    });
    assert_eq!(keys, ["theme[0].slug", "theme[1].name", "theme[1].phrases.en[2]"]);
}

#[test]
fn a_toml_syntax_error_names_its_line() {
    let problems = Taxonomy::from_toml("[[theme]]\nslug = \"a\"\nname = { en = \"A\" }\nphrase = 3\n").unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].key, "line 4", "unknown field {:?}", problems[0].message);
}

#[test]
fn a_taxonomy_survives_a_toml_round_trip() {
    let taxonomy = valid().validate().unwrap();
    let again = Taxonomy::from_toml(&taxonomy.to_toml()).unwrap();
    assert_eq!(again, taxonomy);
}

#[test]
fn the_json_shape_is_the_toml_shape() {
    let json = r#"{"theme": [{"slug": "delivery", "name": {"en": "Delivery"}, "phrases": {"en": ["parcel"]}}]}"#;
    let definition: TaxonomyDefinition = serde_json::from_str(json).unwrap();
    let taxonomy = definition.validate().unwrap();
    assert_eq!(taxonomy.themes()[0].slug, "delivery");
    assert!(taxonomy.themes()[0].negatable.is_empty());
}
