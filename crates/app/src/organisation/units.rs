//! Changing the unit tree: creating, renaming and moving a unit. Each is one
//! call that checks the request against the tree as stored now, makes the
//! change, writes its audit entry (`unit.create`, `unit.rename`,
//! `unit.move`, before → after) and refreshes this process's index, so a
//! front end (the admins' pages today, a CLI command or an API tomorrow)
//! only parses its input, calls and shows the answer.

use vocal_domain::{OrgId, UnitId, UnitPath, UnitTree};
use vocal_store::{Store, StoreError, User};

use super::{audit, one_line_name};
use crate::live_index::IndexError;
use crate::live_index::registry::Indexes;

/// Longer names do not fit breadcrumbs and selects.
pub const MAX_UNIT_NAME: usize = 100;

#[derive(Debug, thiserror::Error)]
pub enum UnitError {
    /// The request is refused; each message is for the person, by field
    /// (`name`, `parent`).
    #[error("{}", describe(.0))]
    Invalid(Vec<(&'static str, String)>),
    /// No such unit in this organisation.
    #[error("no such unit")]
    NotFound,
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The change is stored and logged, but this process's index did not re-read it.
    #[error(transparent)]
    Index(#[from] IndexError),
}

fn describe(problems: &[(&'static str, String)]) -> String {
    problems.iter().map(|(field, message)| format!("{field}: {message}")).collect::<Vec<_>>().join("; ")
}

fn invalid(field: &'static str, message: impl Into<String>) -> UnitError {
    UnitError::Invalid(vec![(field, message.into())])
}

/// What a rename or a move came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnitChange {
    /// Done; the unit's path now.
    Changed { path: String },
    /// The unit already had that name or parent: nothing stored or logged.
    Unchanged,
}

/// The refusal of a parent that is not in the tree (a form can only offer units that are).
pub const CHOOSE_PARENT: &str = "Choose a unit from the list.";

/// Creates `name` under `parent` (`None`: at the top).
pub async fn create_unit<S: Store>(
    store: &S,
    indexes: &Indexes,
    actor: &User,
    name: &str,
    parent: Option<UnitId>,
) -> Result<UnitPath, UnitError> {
    let org = actor.org_id;
    let tree = tree(store, org).await?;
    let mut problems = Vec::new();
    let name = unit_name(name).map_err(|m| problems.push(("name", m))).ok();
    let parent_ok = parent.is_none_or(|p| tree.get(p).is_some());
    if !parent_ok {
        problems.push(("parent", CHOOSE_PARENT.into()));
    }
    let path = match name.filter(|_| parent_ok) {
        Some(name) => UnitPath::parse(&child_path(&tree, parent, &name)).map_err(|m| problems.push(("name", m))).ok(),
        None => None,
    };
    if path.as_ref().is_some_and(|path| tree.find(path).is_some()) {
        problems.push(("name", "A unit with this name is there already.".into()));
    }
    let Some(path) = path.filter(|_| problems.is_empty()) else {
        return Err(UnitError::Invalid(problems));
    };
    store.ensure_unit(org, &path).await?;
    audit::record(store, actor, "unit.create", path.to_string(), format!("(none) → {path}")).await?;
    indexes.refresh_names(store, org).await?;
    Ok(path)
}

/// Gives `unit` a new name; its place in the tree stays.
pub async fn rename_unit<S: Store>(
    store: &S,
    indexes: &Indexes,
    actor: &User,
    unit: UnitId,
    name: &str,
) -> Result<UnitChange, UnitError> {
    let org = actor.org_id;
    let tree = tree(store, org).await?;
    let current = tree.get(unit).ok_or(UnitError::NotFound)?;
    let name = unit_name(name).map_err(|m| invalid("name", m))?;
    if name == current.name {
        return Ok(UnitChange::Unchanged);
    }
    paths_after(&tree, unit, current.parent, &name).map_err(|m| invalid("name", m))?;
    match store.rename_unit(org, unit, &name).await {
        Ok(true) => {}
        Ok(false) => return Err(UnitError::NotFound),
        Err(StoreError::Conflict { .. }) => {
            return Err(invalid("name", "Another unit with this name has the same parent."));
        }
        Err(error) => return Err(error.into()),
    }
    let (before, after) = (tree.path(unit), child_path(&tree, current.parent, &name));
    audit::record(store, actor, "unit.rename", after.clone(), format!("{before} → {after}")).await?;
    indexes.refresh_names(store, org).await?;
    Ok(UnitChange::Changed { path: after })
}

/// Moves `unit`, with everything below it, under `parent` (`None`: to the top).
pub async fn move_unit<S: Store>(
    store: &S,
    indexes: &Indexes,
    actor: &User,
    unit: UnitId,
    parent: Option<UnitId>,
) -> Result<UnitChange, UnitError> {
    let org = actor.org_id;
    let tree = tree(store, org).await?;
    let current = tree.get(unit).ok_or(UnitError::NotFound)?;
    if parent.is_some_and(|p| tree.get(p).is_none()) {
        return Err(invalid("parent", CHOOSE_PARENT));
    }
    if parent == current.parent {
        return Ok(UnitChange::Unchanged);
    }
    // Moving below itself is the store's refusal to give; any other move must keep every path within limits.
    if !parent.is_some_and(|p| tree.is_within(p, unit)) {
        paths_after(&tree, unit, parent, &current.name).map_err(|m| invalid("parent", m))?;
    }
    match store.move_unit(org, unit, parent).await {
        Ok(true) => {}
        Ok(false) => return Err(UnitError::NotFound),
        Err(StoreError::Conflict { field: "unit name" }) => {
            return Err(invalid("parent", "A unit with this name is there already."));
        }
        Err(StoreError::Conflict { .. }) => {
            return Err(invalid("parent", "A unit cannot move into itself or below itself."));
        }
        Err(StoreError::NotFound(_)) => return Err(invalid("parent", CHOOSE_PARENT)),
        Err(error) => return Err(error.into()),
    }
    let (before, after) = (tree.path(unit), child_path(&tree, parent, &current.name));
    audit::record(store, actor, "unit.move", after.clone(), format!("{before} → {after}")).await?;
    indexes.refresh_names(store, org).await?;
    Ok(UnitChange::Changed { path: after })
}

/// The tree as stored now: another process may have changed it.
async fn tree<S: Store>(store: &S, org: OrgId) -> Result<UnitTree, StoreError> {
    Ok(UnitTree::new(store.list_units(org).await?))
}

fn unit_name(raw: &str) -> Result<String, String> {
    let name = one_line_name(raw, MAX_UNIT_NAME)?;
    if name.contains('/') { Err("A unit name cannot contain “/”.".into()) } else { Ok(name) }
}

/// Checks the path of `unit` and of every unit below it once `unit` is named
/// `name` under `parent`: a rename or a move lengthens them all, and each
/// must stay within [`UnitPath`]'s depth and length, as a new one would.
fn paths_after(tree: &UnitTree, unit: UnitId, parent: Option<UnitId>, name: &str) -> Result<(), String> {
    let (old_prefix, new_prefix) = (tree.path(unit), child_path(tree, parent, name));
    let mut below = vec![unit];
    while let Some(current) = below.pop() {
        let path = tree.path(current);
        UnitPath::parse(&format!("{new_prefix}{}", &path[old_prefix.len()..]))?;
        below.extend_from_slice(tree.children(current));
    }
    Ok(())
}

/// The path a unit named `name` has under `parent`.
fn child_path(tree: &UnitTree, parent: Option<UnitId>, name: &str) -> String {
    match parent {
        Some(parent) => format!("{}/{name}", tree.path(parent)),
        None => name.to_string(),
    }
}

#[cfg(test)]
#[path = "units_tests.rs"]
mod tests;
