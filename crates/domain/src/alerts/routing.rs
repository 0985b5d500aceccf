//! Who owns a case: the manager(s) of the response's unit, found by walking
//! up the hierarchy to the nearest unit that has one; a rule may name the
//! owner instead (a user, or an attribute holding one's email); with no one
//! to route to, the organisation's admins.

use std::collections::BTreeMap;

use super::Route;
use crate::{Email, Role, UnitId, UnitTree, UserId};

/// A user as routing sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: UserId,
    pub email: Email,
    pub role: Role,
    /// The unit a manager manages.
    pub unit: Option<UnitId>,
    /// Disabled users own nothing new.
    pub active: bool,
}

/// Why the owners are who they are (kept on the case, shown to people).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoutedBy {
    /// Managers of this unit (the response's, or the nearest above it with one).
    UnitManagers(UnitId),
    /// A rule's `owner_attribute`.
    Attribute,
    /// A rule's `owner`.
    NamedUser,
    /// Nobody else: the organisation's admins.
    Admins,
}

impl RoutedBy {
    pub fn as_str(self) -> &'static str {
        match self {
            RoutedBy::UnitManagers(_) => "unit_managers",
            RoutedBy::Attribute => "attribute",
            RoutedBy::NamedUser => "named_user",
            RoutedBy::Admins => "admins",
        }
    }
}

/// The owners, lowest user id first (the first is the case's owner; the
/// others are told too), and how they were found. Empty only when the
/// organisation has no active admin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owners {
    pub users: Vec<UserId>,
    pub routed_by: RoutedBy,
}

/// Where a response's case goes. `attributes` are looked up for a rule's
/// `owner_attribute`, response attributes before contact attributes.
pub fn route(
    rule_route: &Route,
    unit: Option<UnitId>,
    attributes: [&BTreeMap<String, String>; 2],
    people: &[Person],
    tree: &UnitTree,
) -> Owners {
    let active_with_email = |email: &Email| people.iter().filter(|p| p.active && &p.email == email).map(|p| p.id).min();
    if let Some(owner) = rule_route.owner.as_ref().and_then(active_with_email) {
        return Owners { users: vec![owner], routed_by: RoutedBy::NamedUser };
    }
    let by_attribute = rule_route
        .owner_attribute
        .as_ref()
        .and_then(|name| attributes.iter().find_map(|a| a.get(name)))
        .and_then(|value| Email::parse(value).ok())
        .and_then(|email| active_with_email(&email));
    if let Some(owner) = by_attribute {
        return Owners { users: vec![owner], routed_by: RoutedBy::Attribute };
    }
    if let Some((unit, managers)) = unit.and_then(|unit| nearest_managers(unit, people, tree)) {
        return Owners { users: managers, routed_by: RoutedBy::UnitManagers(unit) };
    }
    let mut admins: Vec<UserId> = people.iter().filter(|p| p.active && p.role == Role::Admin).map(|p| p.id).collect();
    admins.sort();
    Owners { users: admins, routed_by: RoutedBy::Admins }
}

/// The unit itself or its nearest ancestor with an active manager, and
/// those managers (sorted).
pub fn nearest_managers(unit: UnitId, people: &[Person], tree: &UnitTree) -> Option<(UnitId, Vec<UserId>)> {
    tree.lineage(unit).into_iter().rev().find_map(|at| {
        let mut managers: Vec<UserId> = managers_of(at, people).collect();
        managers.sort();
        (!managers.is_empty()).then_some((at, managers))
    })
}

fn managers_of(unit: UnitId, people: &[Person]) -> impl Iterator<Item = UserId> + '_ {
    people.iter().filter(move |p| p.active && p.role == Role::Manager && p.unit == Some(unit)).map(|p| p.id)
}

/// Units no active manager owns, neither at the unit nor above it: their
/// alerts go to the admins (for an admin view), in tree order.
pub fn units_without_owner(people: &[Person], tree: &UnitTree) -> Vec<UnitId> {
    let mut orphans = Vec::new();
    let mut stack: Vec<UnitId> = tree.roots().iter().rev().copied().collect();
    while let Some(unit) = stack.pop() {
        if managers_of(unit, people).next().is_some() {
            continue; // the whole subtree is owned
        }
        orphans.push(unit);
        stack.extend(tree.children(unit).iter().rev());
    }
    orphans
}
