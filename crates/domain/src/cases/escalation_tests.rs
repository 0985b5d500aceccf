use super::*;
use crate::{Email, Unit};

const HOUR: i64 = 3_600_000;

/// Company(1) > Region(2) > Team(3); a second team(4) under the region.
fn tree() -> UnitTree {
    let unit =
        |id, parent: Option<i64>, name: &str| Unit { id: UnitId(id), parent: parent.map(UnitId), name: name.into() };
    UnitTree::new(vec![
        unit(1, None, "Company"),
        unit(2, Some(1), "Region"),
        unit(3, Some(2), "Team"),
        unit(4, Some(2), "Other"),
    ])
}

fn person(id: i64, role: Role, unit: Option<i64>) -> Person {
    Person {
        id: UserId(id),
        email: Email::parse(&format!("u{id}@example.com")).unwrap(),
        role,
        unit: unit.map(UnitId),
        active: true,
    }
}

#[test]
fn the_earned_level_follows_the_missed_deadlines() {
    let (fc, res) = (10 * HOUR, 100 * HOUR);
    assert_eq!(earned_level(CaseState::New, fc, res, 5 * HOUR), 0);
    assert_eq!(earned_level(CaseState::New, fc, res, 11 * HOUR), 1);
    // Contacted in time: the first deadline is met, only resolution can be missed.
    assert_eq!(earned_level(CaseState::Contacted, fc, res, 11 * HOUR), 0);
    assert_eq!(earned_level(CaseState::Contacted, fc, res, 101 * HOUR), 2);
    assert_eq!(earned_level(CaseState::New, fc, res, 101 * HOUR), 2);
    for done in [CaseState::Resolved, CaseState::Closed] {
        assert_eq!(earned_level(done, fc, res, 1_000 * HOUR), 0);
        assert!(!is_overdue(done, fc, res, 1_000 * HOUR));
    }
    assert!(is_overdue(CaseState::New, fc, res, fc + 1));
    assert!(!is_overdue(CaseState::New, fc, res, fc), "due at the instant is not yet late");
}

#[test]
fn an_overdue_case_climbs_one_manager_at_a_time() {
    let people = vec![
        person(10, Role::Manager, Some(3)), // team lead
        person(20, Role::Manager, Some(2)), // regional manager
        person(30, Role::Manager, Some(1)), // head of CX
        person(40, Role::Admin, None),
    ];
    let tree = tree();
    let team = Some(UnitId(3));
    assert_eq!(next_owner(team, Some(UserId(10)), &people, &tree), Some(UserId(20)));
    assert_eq!(next_owner(team, Some(UserId(20)), &people, &tree), Some(UserId(30)));
    assert_eq!(next_owner(team, Some(UserId(30)), &people, &tree), Some(UserId(40)), "above the top: an admin");
    assert_eq!(
        next_owner(team, Some(UserId(40)), &people, &tree),
        Some(UserId(10)),
        "an admin owner hands it to the team's line"
    );
}

#[test]
fn an_owner_outside_the_line_hands_to_the_nearest_manager() {
    // Only the region has a manager; the owner was a named user.
    let people =
        vec![person(20, Role::Manager, Some(2)), person(50, Role::Analyst, None), person(40, Role::Admin, None)];
    assert_eq!(next_owner(Some(UnitId(3)), Some(UserId(50)), &people, &tree()), Some(UserId(20)));
    // No unit on the response: straight to an admin.
    assert_eq!(next_owner(None, Some(UserId(50)), &people, &tree()), Some(UserId(40)));
}

#[test]
fn disabled_managers_are_skipped_and_nobody_else_means_none() {
    let mut region = person(20, Role::Manager, Some(2));
    region.active = false;
    let people = vec![person(10, Role::Manager, Some(3)), region, person(30, Role::Manager, Some(1))];
    assert_eq!(next_owner(Some(UnitId(3)), Some(UserId(10)), &people, &tree()), Some(UserId(30)));
    let alone = vec![person(40, Role::Admin, None)];
    assert_eq!(next_owner(Some(UnitId(3)), Some(UserId(40)), &alone, &tree()), None);
}
