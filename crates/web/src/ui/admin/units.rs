//! `/admin/units`: the hierarchy as a nested list with each unit's
//! responses, creating a unit, and per unit renaming and moving it. The
//! store refuses a sibling with the same name and a move into the unit's
//! own subtree; either is shown next to its field with the input kept.

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use vocal_app::live_index::OrgIndex;
use vocal_domain::{Field, OrgId, QuerySpec, UnitId, UnitPath, UnitTree};
use vocal_store::{Store, StoreError};

use super::{Done, FieldErrors, PageResult, one_line, parse_id, record, refresh_units};
use crate::server::App;
use crate::session::{Admin, CurrentUser};
use crate::ui::chrome::{Chrome, Section, render};
use crate::ui::errors::not_found;

/// Longer names do not fit breadcrumbs and selects.
const MAX_NAME: usize = 100;

/// One unit in the nested list, in depth-first order.
struct TreeRow {
    id: i64,
    name: String,
    path: String,
    responses: u64,
    has_children: bool,
    /// How many levels of the list end after this unit.
    closes: usize,
}

#[derive(Template)]
#[template(path = "app/admin/units.html")]
struct UnitsPage<'a> {
    chrome: &'a Chrome,
    notice: Option<&'static str>,
    rows: Vec<TreeRow>,
    parents: Vec<(i64, String)>,
    form: &'a CreateForm,
    errors: &'a FieldErrors,
}

#[derive(Template)]
#[template(path = "app/admin/unit.html")]
struct UnitPage<'a> {
    chrome: &'a Chrome,
    notice: Option<&'static str>,
    id: i64,
    path: String,
    responses: u64,
    children: Vec<(i64, String)>,
    /// Where it may move: every unit outside its own subtree.
    parents: Vec<(i64, String)>,
    name: &'a str,
    parent: &'a str,
    errors: &'a FieldErrors,
}

#[derive(Debug, Default, serde::Deserialize)]
pub(super) struct CreateForm {
    #[serde(default)]
    name: String,
    /// A unit id, or empty for the top level.
    #[serde(default)]
    parent: String,
}

#[derive(Debug, Default, serde::Deserialize)]
pub(super) struct RenameForm {
    #[serde(default)]
    name: String,
}

#[derive(Debug, Default, serde::Deserialize)]
pub(super) struct MoveForm {
    #[serde(default)]
    parent: String,
}

fn notice(done: &Done) -> Option<&'static str> {
    match done.done.as_deref()? {
        "created" => Some("The unit is created."),
        "renamed" => Some("The unit is renamed."),
        "moved" => Some("The unit is moved, with everything below it."),
        "unchanged" => Some("Nothing changed."),
        _ => None,
    }
}

/// Responses per unit path, subtree included: one breakdown per level of
/// the hierarchy, each one pass over the index's unit column.
fn responses_by_path(index: &OrgIndex) -> HashMap<String, u64> {
    let mut counts = HashMap::new();
    for level in 1..=index.units.depth() {
        let spec = QuerySpec { by: vec![Field::UnitLevel(level)], ..QuerySpec::default() };
        let Ok(plan) = index.index.plan(&spec, index.catalog()) else { continue };
        let histograms = index.index.execute(&plan);
        for (label, group) in plan.dimensions[0].labels.iter().zip(&histograms.groups) {
            if let Some(path) = label {
                counts.insert(path.clone(), group.iter().sum());
            }
        }
    }
    counts
}

/// The tree as stored now (another process may have changed it) and the
/// responses per path from this process's index.
async fn load<S: Store>(app: &App<S>, org: OrgId) -> Result<(UnitTree, HashMap<String, u64>), super::Failure> {
    let tree = UnitTree::new(app.store.list_units(org).await?);
    let index = app.indexes.get(&app.store, org).await?;
    let counts = responses_by_path(&*index.read().await);
    Ok((tree, counts))
}

fn rows(tree: &UnitTree, counts: &HashMap<String, u64>) -> Vec<TreeRow> {
    let mut rows = Vec::new();
    let mut stack: Vec<(UnitId, usize)> = tree.roots().iter().rev().map(|&id| (id, 1)).collect();
    let mut depths = Vec::new();
    while let Some((id, depth)) = stack.pop() {
        let Some(unit) = tree.get(id) else { continue };
        let path = tree.path(id);
        let children = tree.children(id);
        stack.extend(children.iter().rev().map(|&c| (c, depth + 1)));
        depths.push(depth);
        let responses = counts.get(&path).copied().unwrap_or(0);
        rows.push(TreeRow {
            id: id.0,
            name: unit.name.clone(),
            path,
            responses,
            has_children: !children.is_empty(),
            closes: 0,
        });
    }
    // A unit without children closes the levels down to the next unit's.
    for i in 0..rows.len() {
        if !rows[i].has_children {
            let next = depths.get(i + 1).copied().unwrap_or(1);
            rows[i].closes = depths[i] - next;
        }
    }
    rows
}

/// Every unit with its path, by path, except those `skip` says.
fn choices(tree: &UnitTree, skip: impl Fn(UnitId) -> bool) -> Vec<(i64, String)> {
    let mut all: Vec<(i64, String)> =
        tree.units().iter().filter(|u| !skip(u.id)).map(|u| (u.id.0, tree.path(u.id))).collect();
    all.sort_by(|a, b| a.1.cmp(&b.1));
    all
}

async fn tree_page<S: Store>(
    app: &App<S>,
    admin: &CurrentUser,
    status: StatusCode,
    notice: Option<&'static str>,
    form: &CreateForm,
    errors: &FieldErrors,
) -> PageResult {
    let (tree, counts) = load(app, admin.user.org_id).await?;
    let chrome = Chrome::signed_in(admin, Section::Settings);
    let page = UnitsPage {
        chrome: &chrome,
        notice,
        rows: rows(&tree, &counts),
        parents: choices(&tree, |_| false),
        form,
        errors,
    };
    Ok(render(status, &page, &chrome))
}

pub(super) async fn list<S: Store>(
    State(app): State<App<S>>,
    Admin(admin): Admin,
    Query(done): Query<Done>,
) -> PageResult {
    tree_page(&app, &admin, StatusCode::OK, notice(&done), &CreateForm::default(), &FieldErrors::default()).await
}

/// The parent a form names: `Ok(None)` for the top level, `Err` for a unit
/// that is not in the tree.
fn chosen_parent(tree: &UnitTree, text: &str) -> Result<Option<UnitId>, ()> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let id = parse_id(text.trim()).map(UnitId).ok_or(())?;
    tree.get(id).map(|u| Some(u.id)).ok_or(())
}

pub(super) async fn create<S: Store>(
    State(app): State<App<S>>,
    Admin(admin): Admin,
    Form(form): Form<CreateForm>,
) -> PageResult {
    let org = admin.user.org_id;
    let tree = UnitTree::new(app.store.list_units(org).await?);
    let mut errors = FieldErrors::default();
    let name = one_line(&form.name, MAX_NAME).and_then(no_slash).map_err(|m| errors.add("name", m)).ok();
    let parent =
        chosen_parent(&tree, &form.parent).map_err(|()| errors.add("parent", "Choose a unit from the list.")).ok();
    let path = match (name, parent) {
        (Some(name), Some(parent)) => {
            let text = match parent {
                Some(p) => format!("{}/{name}", tree.path(p)),
                None => name,
            };
            UnitPath::parse(&text).map_err(|m| errors.add("name", m)).ok()
        }
        _ => None,
    };
    if let Some(path) = &path
        && tree.find(path).is_some()
    {
        errors.add("name", "A unit with this name is there already.");
    }
    let Some(path) = path.filter(|_| errors.is_empty()) else {
        return tree_page(&app, &admin, StatusCode::UNPROCESSABLE_ENTITY, None, &form, &errors).await;
    };
    app.store.ensure_unit(org, &path).await?;
    record(&app, &admin.user, "unit.create", path.to_string(), format!("(none) → {path}")).await?;
    refresh_units(&app, org).await?;
    Ok(Redirect::to("/admin/units?done=created").into_response())
}

fn no_slash(name: String) -> Result<String, String> {
    if name.contains('/') { Err("A unit name cannot contain “/”.".into()) } else { Ok(name) }
}

async fn unit_page<S: Store>(
    app: &App<S>,
    admin: &CurrentUser,
    id: UnitId,
    status: StatusCode,
    notice: Option<&'static str>,
    kept: (Option<&str>, Option<&str>),
    errors: &FieldErrors,
) -> PageResult {
    let (tree, counts) = load(app, admin.user.org_id).await?;
    let Some(unit) = tree.get(id) else {
        return Ok(not_found());
    };
    let path = tree.path(id);
    let current_parent = unit.parent.map(|p| p.0.to_string()).unwrap_or_default();
    let children = tree.children(id).iter().filter_map(|&c| tree.get(c)).map(|c| (c.id.0, c.name.clone())).collect();
    let chrome = Chrome::signed_in(admin, Section::Settings);
    let page = UnitPage {
        chrome: &chrome,
        notice,
        id: id.0,
        responses: counts.get(&path).copied().unwrap_or(0),
        path,
        children,
        // A refused choice stays selected, so the person sees what was refused.
        parents: choices(&tree, |u| tree.is_within(u, id) && kept.1 != Some(u.0.to_string().as_str())),
        name: kept.0.unwrap_or(&unit.name),
        parent: kept.1.unwrap_or(&current_parent),
        errors,
    };
    Ok(render(status, &page, &chrome))
}

pub(super) async fn show<S: Store>(
    State(app): State<App<S>>,
    Admin(admin): Admin,
    Path(id): Path<String>,
    Query(done): Query<Done>,
) -> PageResult {
    let Some(id) = parse_id(&id) else { return Ok(not_found()) };
    unit_page(&app, &admin, UnitId(id), StatusCode::OK, notice(&done), (None, None), &FieldErrors::default()).await
}

async fn refused<S: Store>(
    app: &App<S>,
    admin: &CurrentUser,
    id: UnitId,
    kept: (Option<&str>, Option<&str>),
    errors: FieldErrors,
) -> PageResult {
    unit_page(app, admin, id, StatusCode::UNPROCESSABLE_ENTITY, None, kept, &errors).await
}

pub(super) async fn rename<S: Store>(
    State(app): State<App<S>>,
    Admin(admin): Admin,
    Path(id): Path<String>,
    Form(form): Form<RenameForm>,
) -> PageResult {
    let org = admin.user.org_id;
    let tree = UnitTree::new(app.store.list_units(org).await?);
    let Some(unit) = parse_id(&id).and_then(|id| tree.get(UnitId(id))) else { return Ok(not_found()) };
    let kept = (Some(form.name.as_str()), None);
    let name = match one_line(&form.name, MAX_NAME).and_then(no_slash) {
        Ok(name) => name,
        Err(message) => return refused(&app, &admin, unit.id, kept, FieldErrors::one("name", message)).await,
    };
    if name == unit.name {
        return Ok(Redirect::to(&format!("/admin/units/{}?done=unchanged", unit.id.0)).into_response());
    }
    match app.store.rename_unit(org, unit.id, &name).await {
        Ok(true) => {}
        Ok(false) => return Ok(not_found()),
        Err(StoreError::Conflict { .. }) => {
            let errors = FieldErrors::one("name", "Another unit with this name has the same parent.");
            return refused(&app, &admin, unit.id, kept, errors).await;
        }
        Err(error) => return Err(error.into()),
    }
    let before = tree.path(unit.id);
    let after = match before.rsplit_once('/') {
        Some((parent, _)) => format!("{parent}/{name}"),
        None => name,
    };
    record(&app, &admin.user, "unit.rename", after.clone(), format!("{before} → {after}")).await?;
    refresh_units(&app, org).await?;
    Ok(Redirect::to(&format!("/admin/units/{}?done=renamed", unit.id.0)).into_response())
}

pub(super) async fn move_to<S: Store>(
    State(app): State<App<S>>,
    Admin(admin): Admin,
    Path(id): Path<String>,
    Form(form): Form<MoveForm>,
) -> PageResult {
    let org = admin.user.org_id;
    let tree = UnitTree::new(app.store.list_units(org).await?);
    let Some(unit) = parse_id(&id).and_then(|id| tree.get(UnitId(id))) else { return Ok(not_found()) };
    let kept = (None, Some(form.parent.as_str()));
    let Ok(parent) = chosen_parent(&tree, &form.parent) else {
        let errors = FieldErrors::one("parent", "Choose a unit from the list.");
        return refused(&app, &admin, unit.id, kept, errors).await;
    };
    if parent == unit.parent {
        return Ok(Redirect::to(&format!("/admin/units/{}?done=unchanged", unit.id.0)).into_response());
    }
    match app.store.move_unit(org, unit.id, parent).await {
        Ok(true) => {}
        Ok(false) => return Ok(not_found()),
        Err(StoreError::Conflict { field }) => {
            let message = if field == "unit name" {
                "A unit with this name is there already."
            } else {
                "A unit cannot move into itself or below itself."
            };
            return refused(&app, &admin, unit.id, kept, FieldErrors::one("parent", message)).await;
        }
        Err(StoreError::NotFound(_)) => {
            let errors = FieldErrors::one("parent", "Choose a unit from the list.");
            return refused(&app, &admin, unit.id, kept, errors).await;
        }
        Err(error) => return Err(error.into()),
    }
    let before = tree.path(unit.id);
    let after = match parent {
        Some(p) => format!("{}/{}", tree.path(p), unit.name),
        None => unit.name.clone(),
    };
    record(&app, &admin.user, "unit.move", after.clone(), format!("{before} → {after}")).await?;
    refresh_units(&app, org).await?;
    Ok(Redirect::to(&format!("/admin/units/{}?done=moved", unit.id.0)).into_response())
}
