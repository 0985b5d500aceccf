//! The rules file: the documented example reads as written, and every
//! mistake is named with its line and key.

use vocal_domain::Category;
use vocal_domain::alerts::{AlertRule, ScoreRange, Sla};

use super::rules_file::{RulesFileError, parse_rules_file, to_rules_file};

const EXAMPLE: &str = include_str!("example_rules.toml");

fn problems(text: &str) -> Vec<(usize, String)> {
    parse_rules_file(text).unwrap_err().into_iter().map(|RulesFileError { line, key, .. }| (line, key)).collect()
}

#[test]
fn the_documented_example_reads_as_written() {
    let rules = parse_rules_file(EXAMPLE).expect("the example is valid");
    let names: Vec<&str> = rules.rules.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, vec!["detractors", "key accounts", "churn words", "big drop", "delivery complaints"]);
    assert_eq!(rules.rules[0], AlertRule::detractors(), "the first rule is the default one, spelled out");
    let key = &rules.rules[1];
    assert_eq!((key.window_days, key.when.score), (3, Some(ScoreRange { min: 0, max: 8 })));
    assert_eq!(key.when.contact_attributes.get("tier").map(String::as_str), Some("gold"));
    assert_eq!(key.route.owner_attribute.as_deref(), Some("account_owner"));
    assert_eq!(key.sla, Sla { first_contact_hours: 4, resolve_hours: 48 });
    assert_eq!(rules.rules[2].sla, Sla::default(), "48 hours / 7 days when left out");
    assert_eq!(rules.rules[3].route.owner.as_ref().map(|e| e.as_str()), Some("care-lead@northwind.example"));
    assert!(!rules.rules[4].enabled);
    assert_eq!(rules.rules[4].when.band, Some(Category::Detractor));
}

#[test]
fn every_broken_rule_is_named_with_its_line() {
    let text = "\
[[rules]]
name = \"a\"
window_days = 0

[rules.when]
score = { min = 9, max = 4 }
comment_matches = [\"ok\", \"?!\"]

[rules.sla]
first_contact_hours = 0

[[rules]]
name = \"a\"

[rules.when]
";
    assert_eq!(
        problems(text),
        vec![
            (3, "rules[0].window_days".to_string()),
            (6, "rules[0].when.score.min".to_string()),
            (7, "rules[0].when.comment_matches[1]".to_string()),
            (10, "rules[0].sla.first_contact_hours".to_string()),
            (13, "rules[1].name".to_string()),
            (15, "rules[1].when".to_string()),
        ]
    );
}

#[test]
fn a_wrong_key_or_value_is_named_where_it_is_written() {
    let unknown = "[[rules]]\nname = \"a\"\n\n[rules.when]\nband = \"detractor\"\nchanel = [\"sms\"]\n";
    let found = parse_rules_file(unknown).unwrap_err();
    assert_eq!((found[0].line, found[0].key.as_str()), (6, "rules[0].when.chanel"), "{found:?}");
    assert!(found[0].message.contains("unknown field `chanel`"), "{}", found[0].message);

    let band = "[[rules]]\nname = \"a\"\n\n[rules.when]\nband = \"angry\"\n";
    let found = parse_rules_file(band).unwrap_err();
    assert_eq!((found[0].line, found[0].key.as_str()), (5, "rules[0].when.band"), "{found:?}");

    let owner = "[[rules]]\nname = \"a\"\nwhen = { band = \"detractor\" }\nroute = { owner = \"not an email\" }\n";
    let found = parse_rules_file(owner).unwrap_err();
    assert_eq!(found[0].line, 4, "{found:?}");
    assert!(found[0].key.starts_with("rules[0].route"), "{found:?}");

    let no_when = "[[rules]]\nname = \"a\"\n";
    assert!(parse_rules_file(no_when).unwrap_err()[0].message.contains("when"), "a rule needs its conditions");
    assert_eq!(problems("rules = 3\n"), vec![(1, "rules".to_string())]);
}

#[test]
fn the_rules_written_out_read_back_the_same() {
    let rules = parse_rules_file(include_str!("example_rules.toml")).unwrap();
    let written = to_rules_file(&rules);
    assert_eq!(parse_rules_file(&written).unwrap(), rules, "{written}");
    let default = vocal_domain::alerts::AlertRules::default();
    assert_eq!(parse_rules_file(&to_rules_file(&default)).unwrap(), default);
}
