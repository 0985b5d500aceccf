//! Escalation: an open case that missed a deadline goes to the next manager
//! up the hierarchy. Each missed deadline escalates once — level 1 for the
//! first contact, level 2 for the resolution — so a sweep run every minute
//! moves a case at most twice, never back and forth.

use crate::alerts::routing::Person;
use crate::{Role, UnitId, UnitTree, UserId};

use super::CaseState;

/// The escalation level an open case has earned by `now_ms`: 2 once its
/// resolution is overdue, 1 once its first contact is (still `new` after the
/// due time), else 0. Done cases earn nothing.
pub fn earned_level(state: CaseState, first_contact_due_ms: i64, resolve_due_ms: i64, now_ms: i64) -> u8 {
    if !state.is_open() {
        0
    } else if now_ms > resolve_due_ms {
        2
    } else if state == CaseState::New && now_ms > first_contact_due_ms {
        1
    } else {
        0
    }
}

/// Whether an open case is past a deadline it has not met (the "overdue" flag).
pub fn is_overdue(state: CaseState, first_contact_due_ms: i64, resolve_due_ms: i64, now_ms: i64) -> bool {
    earned_level(state, first_contact_due_ms, resolve_due_ms, now_ms) > 0
}

/// Who an overdue case goes to: the nearest manager above the unit its
/// current owner manages (or above the case's unit, when the owner manages
/// none of its line), else an admin; never the current owner. `None`: there
/// is nobody else, and the case stays (flagged) where it is.
pub fn next_owner(unit: Option<UnitId>, owner: Option<UserId>, people: &[Person], tree: &UnitTree) -> Option<UserId> {
    let is_manager_of =
        |person: &Person, at: UnitId| person.active && person.role == Role::Manager && person.unit == Some(at);
    let line: Vec<UnitId> = unit.map(|u| tree.lineage(u)).unwrap_or_default(); // root first
    let owner_person = owner.and_then(|id| people.iter().find(|p| p.id == id));
    let owner_at =
        owner_person.and_then(|p| line.iter().rposition(|&at| p.unit == Some(at) && p.role == Role::Manager));
    let search_below = owner_at.unwrap_or(line.len());
    let manager_above = line[..search_below]
        .iter()
        .rev()
        .find_map(|&at| people.iter().filter(|p| is_manager_of(p, at) && Some(p.id) != owner).map(|p| p.id).min());
    manager_above.or_else(|| {
        people.iter().filter(|p| p.active && p.role == Role::Admin && Some(p.id) != owner).map(|p| p.id).min()
    })
}

#[cfg(test)]
#[path = "escalation_tests.rs"]
mod tests;
