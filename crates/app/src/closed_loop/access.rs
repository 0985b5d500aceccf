//! Who may see and work which case: the one scoping rule
//! ([`crate::accounts::scope::Scope`]) applied to a case's unit, plus the
//! owner, who always sees their own case (a rule may route to a named user
//! outside the unit's line). Outside this, a case does not exist.

use vocal_domain::{Role, UnitId, UnitTree};
use vocal_store::{Case, User};

use crate::accounts::scope::{Reach, Scope};

/// Whether `user` may see the case (and so open its page).
pub fn sees_case(user: &User, units: &UnitTree, case: &Case) -> bool {
    if user.disabled {
        return false;
    }
    if case.owner == Some(user.id) {
        return true;
    }
    match Scope::of(user).reach {
        Reach::Everything => true,
        Reach::Subtree(top) => case.unit_id.is_some_and(|unit| units.is_within(unit, top)),
        Reach::Agent(_) | Reach::Nothing => false,
    }
}

/// Whether `user` may act on a case they see: analysts read, the others
/// who see it work it.
pub fn works_case(user: &User, units: &UnitTree, case: &Case) -> bool {
    sees_case(user, units, case) && (user.role != Role::Analyst || case.owner == Some(user.id))
}

/// The units whose cases a user's domain covers (for the queues): `None`
/// for the whole organisation, else the subtree (empty: none).
pub fn domain_units(user: &User, units: &UnitTree) -> Option<Vec<UnitId>> {
    match Scope::of(user).reach {
        Reach::Everything => None,
        Reach::Subtree(top) => Some(units.units().iter().map(|u| u.id).filter(|&u| units.is_within(u, top)).collect()),
        Reach::Agent(_) | Reach::Nothing => Some(Vec::new()),
    }
}

/// Whether a case may be handed to `to`: an active person who could work it
/// in its unit (a manager of its line, an admin).
pub fn may_receive(to: &User, units: &UnitTree, case: &Case) -> bool {
    let stand_in = Case { owner: None, ..case.clone() };
    !to.disabled && matches!(to.role, Role::Admin | Role::Manager) && works_case(to, units, &stand_in)
}
