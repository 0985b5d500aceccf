//! Hand-worked examples for each condition, the window, the SLA and routing.

use std::collections::BTreeMap;

use super::routing::{Person, RoutedBy, nearest_managers, route, units_without_owner};
use super::*;
use crate::{Role, Score, Unit, UnitId, UnitTree, UserId};

const NOW: i64 = 1_800_000_000_000;
const DAY: i64 = 86_400_000;

/// Company(1) → Europe(2) → Paris(3); Company → Americas(4).
fn tree() -> UnitTree {
    let unit =
        |id, parent: Option<i64>, name: &str| Unit { id: UnitId(id), parent: parent.map(UnitId), name: name.into() };
    UnitTree::new(vec![
        unit(1, None, "Company"),
        unit(2, Some(1), "Europe"),
        unit(3, Some(2), "Paris"),
        unit(4, Some(1), "Americas"),
    ])
}

fn empty() -> &'static BTreeMap<String, String> {
    static EMPTY: BTreeMap<String, String> = BTreeMap::new();
    &EMPTY
}

fn facts(score: i64) -> ResponseFacts<'static> {
    ResponseFacts {
        score: Score::new(score).unwrap(),
        previous_score: None,
        comment: None,
        channel: None,
        touchpoint: None,
        unit: None,
        response_attributes: empty(),
        contact_attributes: empty(),
        submitted_at_ms: NOW - 1_000,
    }
}

fn rule(when: Conditions) -> AlertRule {
    AlertRule { name: "r".into(), when, ..AlertRule::detractors() }
}

fn matches(when: Conditions, facts: &ResponseFacts<'_>) -> bool {
    rule(when).matches(facts, &tree(), NOW)
}

#[test]
fn the_default_rule_takes_every_detractor_and_nothing_else() {
    let rules = AlertRules::default();
    let matched = |score| !rules.matching(&facts(score), &tree(), NOW).is_empty();
    assert_eq!((0..=10).filter(|&s| matched(s)).collect::<Vec<_>>(), vec![0, 1, 2, 3, 4, 5, 6]);
}

#[test]
fn a_score_range_includes_both_ends() {
    let when = Conditions { score: Some(ScoreRange { min: 3, max: 5 }), ..Conditions::default() };
    let hits: Vec<i64> = (0..=10).filter(|&s| matches(when.clone(), &facts(s))).collect();
    assert_eq!(hits, vec![3, 4, 5]);
}

#[test]
fn a_drop_compares_with_the_contacts_previous_answer() {
    let when = Conditions { drop: Some(3), ..Conditions::default() };
    let after = |before: Option<i64>, now: i64| ResponseFacts {
        previous_score: before.map(|b| Score::new(b).unwrap()),
        ..facts(now)
    };
    assert!(matches(when.clone(), &after(Some(9), 6)), "9 → 6 drops by 3");
    assert!(!matches(when.clone(), &after(Some(9), 7)), "9 → 7 drops by 2 only");
    assert!(!matches(when.clone(), &after(Some(4), 8)), "a rise is no drop");
    assert!(!matches(when, &after(None, 0)), "no previous answer, no drop");
}

#[test]
fn comment_phrases_match_ignoring_case_and_accents() {
    let when = Conditions { comment_matches: vec!["resilier".into(), "switch to".into()], ..Conditions::default() };
    let said = |comment: &'static str| ResponseFacts { comment: Some(comment), ..facts(8) };
    assert!(matches(when.clone(), &said("Je vais RÉSILIER mon abonnement")));
    assert!(matches(when.clone(), &said("We may Switch  to another provider")));
    assert!(!matches(when.clone(), &said("Great service, thanks")));
    assert!(!matches(when.clone(), &facts(8)), "no comment");
    let accented = Conditions { comment_matches: vec!["Résilier".into()], ..Conditions::default() };
    assert!(matches(accented, &said("je veux resilier")), "an accented phrase matches a bare comment");
}

#[test]
fn attributes_must_all_equal() {
    let gold: BTreeMap<String, String> = [("tier".to_string(), "gold".to_string())].into();
    let plan: BTreeMap<String, String> = [("plan".to_string(), "pro".to_string())].into();
    let contact = Conditions { contact_attributes: gold.clone(), ..Conditions::default() };
    let response = Conditions { response_attributes: plan.clone(), ..Conditions::default() };
    let with = ResponseFacts { contact_attributes: &gold, response_attributes: &plan, ..facts(9) };
    assert!(matches(contact.clone(), &with));
    assert!(matches(response.clone(), &with));
    assert!(!matches(contact, &ResponseFacts { contact_attributes: &plan, ..facts(9) }), "another attribute");
    assert!(!matches(response, &ResponseFacts { response_attributes: &gold, ..facts(9) }));
}

#[test]
fn channel_touchpoint_and_unit_subtree() {
    let channel = Conditions { channels: vec!["sms".into(), "email".into()], ..Conditions::default() };
    assert!(matches(channel.clone(), &ResponseFacts { channel: Some("email"), ..facts(9) }));
    assert!(!matches(channel.clone(), &ResponseFacts { channel: Some("web"), ..facts(9) }));
    assert!(!matches(channel, &facts(9)), "no channel");
    let touchpoint = Conditions { touchpoints: vec!["delivery".into()], ..Conditions::default() };
    assert!(matches(touchpoint, &ResponseFacts { touchpoint: Some("delivery"), ..facts(9) }));
    let europe = Conditions { units: vec![UnitPath::parse("Company/Europe").unwrap()], ..Conditions::default() };
    let at = |unit| ResponseFacts { unit: Some(UnitId(unit)), ..facts(9) };
    assert!(matches(europe.clone(), &at(3)), "Paris is under Europe");
    assert!(matches(europe.clone(), &at(2)), "Europe itself");
    assert!(!matches(europe.clone(), &at(4)), "Americas is not");
    assert!(!matches(europe, &facts(9)), "no unit");
}

#[test]
fn conditions_combine_with_and() {
    let when =
        Conditions { band: Some(crate::Category::Detractor), channels: vec!["sms".into()], ..Conditions::default() };
    assert!(matches(when.clone(), &ResponseFacts { channel: Some("sms"), ..facts(3) }));
    assert!(!matches(when.clone(), &ResponseFacts { channel: Some("sms"), ..facts(9) }));
    assert!(!matches(when, &ResponseFacts { channel: Some("web"), ..facts(3) }));
}

#[test]
fn only_responses_submitted_within_the_window_match() {
    let rules = AlertRules::default();
    let submitted = |ms| ResponseFacts { submitted_at_ms: ms, ..facts(2) };
    assert_eq!(rules.matching(&submitted(NOW - 7 * DAY), &tree(), NOW).len(), 1, "exactly 7 days ago");
    assert!(rules.matching(&submitted(NOW - 7 * DAY - 1), &tree(), NOW).is_empty(), "just older");
    assert!(rules.matching(&submitted(NOW - 365 * DAY), &tree(), NOW).is_empty(), "last year's import");
    let mut off = AlertRules::default();
    off.rules[0].enabled = false;
    assert!(off.matching(&submitted(NOW), &tree(), NOW).is_empty(), "a rule turned off matches nothing");
}

#[test]
fn the_strictest_sla_takes_each_earliest_deadline() {
    let a = Sla { first_contact_hours: 4, resolve_hours: 200 };
    let b = Sla { first_contact_hours: 24, resolve_hours: 72 };
    assert_eq!(Sla::strictest([&a, &b]), Some(Sla { first_contact_hours: 4, resolve_hours: 72 }));
    assert_eq!(Sla::strictest([]), None);
}

#[test]
fn validation_names_every_bad_field() {
    let mut bad = AlertRule::detractors();
    bad.window_days = 0;
    bad.when.score = Some(ScoreRange { min: 12, max: 11 });
    bad.when.comment_matches = vec!["ok".into(), "!!".into()];
    bad.sla = Sla { first_contact_hours: 10, resolve_hours: 5 };
    bad.route = Route { owner_attribute: Some("owner".into()), owner: Some(crate::Email::parse("a@b.co").unwrap()) };
    let empty = AlertRule { name: "detractors".into(), when: Conditions::default(), ..AlertRule::detractors() };
    let errors = AlertRules::with_rules(vec![bad, empty]).validate().unwrap_err();
    let keys: Vec<&str> = errors.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(
        keys,
        vec![
            "rules[0].window_days",
            "rules[0].when.score",
            "rules[0].when.score.max",
            "rules[0].when.score.min",
            "rules[0].when.comment_matches[1]",
            "rules[0].route.owner",
            "rules[0].sla.resolve_hours",
            "rules[1].name",
            "rules[1].when",
        ]
    );
    assert!(AlertRules::default().validate().is_ok());
    assert!(AlertRules::with_rules(vec![]).validate().is_ok(), "no rules at all turns alerts off");
}

fn person(id: i64, role: Role, unit: Option<i64>) -> Person {
    Person {
        id: UserId(id),
        email: crate::Email::parse(&format!("user{id}@example.com")).unwrap(),
        role,
        unit: unit.map(UnitId),
        active: true,
    }
}

#[test]
fn routing_walks_up_to_the_nearest_unit_with_a_manager() {
    let people =
        vec![person(1, Role::Admin, None), person(7, Role::Manager, Some(2)), person(5, Role::Manager, Some(2))];
    let owners = route(&Route::default(), Some(UnitId(3)), [empty(), empty()], &people, &tree());
    assert_eq!(owners.users, vec![UserId(5), UserId(7)], "Paris has none; Europe has two");
    assert_eq!(owners.routed_by, RoutedBy::UnitManagers(UnitId(2)));
    let mut paris = people.clone();
    paris.push(person(9, Role::Manager, Some(3)));
    assert_eq!(nearest_managers(UnitId(3), &paris, &tree()), Some((UnitId(3), vec![UserId(9)])), "the nearest wins");
}

#[test]
fn with_nobody_up_the_tree_the_admins_own_it() {
    let mut disabled = person(7, Role::Manager, Some(1));
    disabled.active = false;
    let people =
        vec![person(3, Role::Admin, None), person(2, Role::Admin, None), disabled, person(4, Role::Analyst, None)];
    let owners = route(&Route::default(), Some(UnitId(3)), [empty(), empty()], &people, &tree());
    assert_eq!((owners.users, owners.routed_by), (vec![UserId(2), UserId(3)], RoutedBy::Admins));
    let no_unit = route(&Route::default(), None, [empty(), empty()], &people, &tree());
    assert_eq!(no_unit.routed_by, RoutedBy::Admins);
}

#[test]
fn a_rule_may_route_to_a_named_user_or_by_attribute() {
    let people = vec![person(1, Role::Admin, None), person(2, Role::Manager, Some(3)), person(8, Role::Analyst, None)];
    let named = Route { owner: Some(crate::Email::parse("USER8@example.com").unwrap()), owner_attribute: None };
    let owners = route(&named, Some(UnitId(3)), [empty(), empty()], &people, &tree());
    assert_eq!((owners.users, owners.routed_by), (vec![UserId(8)], RoutedBy::NamedUser));

    let by_attribute = Route { owner_attribute: Some("account_owner".into()), owner: None };
    let contact: BTreeMap<String, String> = [("account_owner".to_string(), "user1@example.com".to_string())].into();
    let owners = route(&by_attribute, Some(UnitId(3)), [empty(), &contact], &people, &tree());
    assert_eq!((owners.users, owners.routed_by), (vec![UserId(1)], RoutedBy::Attribute));

    let unknown: BTreeMap<String, String> = [("account_owner".to_string(), "nobody@example.com".to_string())].into();
    let owners = route(&by_attribute, Some(UnitId(3)), [&unknown, &contact], &people, &tree());
    assert_eq!(
        owners.routed_by,
        RoutedBy::UnitManagers(UnitId(3)),
        "the response's own attribute wins, and names no user"
    );
}

#[test]
fn units_without_an_owner_are_listed_for_admins() {
    let people = vec![person(1, Role::Admin, None), person(2, Role::Manager, Some(2))];
    // Europe is owned (and Paris below it); Company and Americas are not.
    assert_eq!(units_without_owner(&people, &tree()), vec![UnitId(1), UnitId(4)]);
    assert_eq!(units_without_owner(&[person(9, Role::Manager, Some(1))], &tree()), vec![]);
}
