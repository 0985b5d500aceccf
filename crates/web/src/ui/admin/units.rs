//! `/admin/units`: the hierarchy as a nested list with each unit's
//! responses, creating a unit, and per unit renaming and moving it. The
//! changes are `vocal_app::organisation::units`'; a refusal (a sibling with
//! the same name, a move into the unit's own subtree) is shown next to its
//! field with the input kept.

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use vocal_app::live_index::OrgIndex;
use vocal_app::organisation::units::{self, UnitChange, UnitError};
use vocal_domain::{Field, OrgId, QuerySpec, UnitId, UnitTree};
use vocal_store::Store;

use super::{Done, FieldErrors, PageResult, parse_id};
use crate::server::App;
use crate::session::{Admin, CurrentUser};
use crate::ui::chrome::{Chrome, Section, render};
use crate::ui::errors::not_found;

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

/// The parent a form names: `Ok(None)` for the top level, `Err` for text
/// that is no unit id (whether the unit exists is the app's to say).
fn chosen_parent(text: &str) -> Result<Option<UnitId>, ()> {
    match text.trim() {
        "" => Ok(None),
        id => parse_id(id).map(|id| Some(UnitId(id))).ok_or(()),
    }
}

/// A refusal as the page shows it, next to each field.
fn field_errors(problems: Vec<(&'static str, String)>) -> FieldErrors {
    let mut errors = FieldErrors::default();
    for (field, message) in problems {
        errors.add(field, message);
    }
    errors
}

pub(super) async fn create<S: Store>(
    State(app): State<App<S>>,
    Admin(admin): Admin,
    Form(form): Form<CreateForm>,
) -> PageResult {
    let outcome = match chosen_parent(&form.parent) {
        Ok(parent) => units::create_unit(&app.store, &app.indexes, &admin.user, &form.name, parent).await,
        Err(()) => Err(UnitError::Invalid(vec![("parent", units::CHOOSE_PARENT.into())])),
    };
    match outcome {
        Ok(_) => Ok(Redirect::to("/admin/units?done=created").into_response()),
        Err(UnitError::Invalid(problems)) => {
            let errors = field_errors(problems);
            tree_page(&app, &admin, StatusCode::UNPROCESSABLE_ENTITY, None, &form, &errors).await
        }
        Err(error) => Err(error.into()),
    }
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

/// Where a rename or a move leads: the unit's page with its notice, the
/// form again with the refusal, or a page that does not exist.
async fn answer<S: Store>(
    app: &App<S>,
    admin: &CurrentUser,
    id: UnitId,
    kept: (Option<&str>, Option<&str>),
    done: &str,
    outcome: Result<UnitChange, UnitError>,
) -> PageResult {
    match outcome {
        Ok(UnitChange::Changed { .. }) => {
            Ok(Redirect::to(&format!("/admin/units/{}?done={done}", id.0)).into_response())
        }
        Ok(UnitChange::Unchanged) => Ok(Redirect::to(&format!("/admin/units/{}?done=unchanged", id.0)).into_response()),
        Err(UnitError::Invalid(problems)) => refused(app, admin, id, kept, field_errors(problems)).await,
        Err(UnitError::NotFound) => Ok(not_found()),
        Err(error) => Err(error.into()),
    }
}

pub(super) async fn rename<S: Store>(
    State(app): State<App<S>>,
    Admin(admin): Admin,
    Path(id): Path<String>,
    Form(form): Form<RenameForm>,
) -> PageResult {
    let Some(id) = parse_id(&id).map(UnitId) else { return Ok(not_found()) };
    let outcome = units::rename_unit(&app.store, &app.indexes, &admin.user, id, &form.name).await;
    answer(&app, &admin, id, (Some(form.name.as_str()), None), "renamed", outcome).await
}

pub(super) async fn move_to<S: Store>(
    State(app): State<App<S>>,
    Admin(admin): Admin,
    Path(id): Path<String>,
    Form(form): Form<MoveForm>,
) -> PageResult {
    let Some(id) = parse_id(&id).map(UnitId) else { return Ok(not_found()) };
    let kept = (None, Some(form.parent.as_str()));
    let outcome = match chosen_parent(&form.parent) {
        Ok(parent) => units::move_unit(&app.store, &app.indexes, &admin.user, id, parent).await,
        Err(()) => Err(UnitError::Invalid(vec![("parent", units::CHOOSE_PARENT.into())])),
    };
    answer(&app, &admin, id, kept, "moved", outcome).await
}
