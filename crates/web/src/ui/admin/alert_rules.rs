//! `/admin/alert-rules`: the rules in force, in words, the units whose
//! alerts only the admins would get, and the rules file to edit. A post
//! checks the whole file as `vocal rules apply` does — every problem named
//! with its line and key, the text kept, nothing stored — and applies it as
//! one change with an audit entry. The same rules change as JSON with
//! `PUT /api/v1/alert-rules`.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use vocal_app::closed_loop::owners::units_without_owner;
use vocal_app::closed_loop::rules::{RulesError, apply_rules, current_rules};
use vocal_app::closed_loop::rules_file::{line_of, parse_rules_file, to_rules_file};
use vocal_app::organisation::audit::{self, Actor};
use vocal_domain::alerts::{AlertRule, Conditions};
use vocal_store::Store;

use super::{PageResult, PostedFile, Saved, time_zone, when};
use crate::server::App;
use crate::session::{Admin, CurrentUser};
use crate::ui::chrome::{Chrome, Section, render};

struct RuleRow {
    name: String,
    enabled: bool,
    window_days: u32,
    conditions: String,
    owner: String,
    sla: String,
}

#[derive(Template)]
#[template(path = "app/admin/alert_rules.html")]
struct AlertRulesPage<'a> {
    chrome: &'a Chrome,
    /// `None` while the default rule applies.
    updated: Option<String>,
    rules: Vec<RuleRow>,
    unowned: Vec<String>,
    /// The rules file in the editor: the posted text, else the rules in force.
    text: String,
    /// What was wrong with the posted text, each with its line.
    problems: Vec<String>,
    saved: bool,
}

pub(super) async fn show<S: Store>(
    State(app): State<App<S>>,
    Admin(admin): Admin,
    Query(saved): Query<Saved>,
) -> PageResult {
    page(&app, &admin, None, Vec::new(), saved.is_set()).await
}

/// Checks the posted rules file whole and applies it, or shows every problem.
pub(super) async fn apply<S: Store>(
    State(app): State<App<S>>,
    Admin(admin): Admin,
    Form(posted): Form<PostedFile>,
) -> PageResult {
    let org = admin.user.org_id;
    let problems: Vec<String> = match parse_rules_file(&posted.file) {
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
        Ok(rules) => match apply_rules(&app.store, org, rules).await {
            Ok((_, applied)) => {
                let detail = format!("{} in Settings", applied.as_str());
                audit::record(&app.store, Actor::Person(&admin.user), "alert_rules.apply", "alert rules", detail)
                    .await?;
                return Ok(Redirect::to("/admin/alert-rules?saved=1").into_response());
            }
            Err(RulesError::Invalid(errors)) => errors
                .iter()
                .map(|e| format!("line {}: {}: {}", line_of(&posted.file, &e.key), e.key, e.message))
                .collect(),
            Err(RulesError::Store(error)) => return Err(error.into()),
        },
    };
    page(&app, &admin, Some(posted.file), problems, false).await
}

async fn page<S: Store>(
    app: &App<S>,
    admin: &CurrentUser,
    posted: Option<String>,
    problems: Vec<String>,
    saved: bool,
) -> PageResult {
    let org = admin.user.org_id;
    let zone = time_zone(app, org).await?;
    let (rules, updated_at_ms) = current_rules(&app.store, org).await?;
    let text = match posted {
        Some(text) => text,
        None => to_rules_file(&rules),
    };
    let status = if problems.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = AlertRulesPage {
        chrome: &Chrome::signed_in(admin, Section::Settings),
        updated: updated_at_ms.map(|ms| when(ms, &zone)),
        rules: rules.rules.iter().map(row).collect(),
        unowned: units_without_owner(&app.store, org).await?,
        text,
        problems,
        saved,
    };
    Ok(render(status, &page, page.chrome))
}

fn row(rule: &AlertRule) -> RuleRow {
    let owner = match (&rule.route.owner, &rule.route.owner_attribute) {
        (Some(user), _) => user.to_string(),
        (None, Some(attribute)) => format!("the user in attribute {attribute}"),
        (None, None) => "the unit's managers".into(),
    };
    RuleRow {
        name: rule.name.clone(),
        enabled: rule.enabled,
        window_days: rule.window_days,
        conditions: describe(&rule.when),
        owner,
        sla: format!("{} h / {} h", rule.sla.first_contact_hours, rule.sla.resolve_hours),
    }
}

/// The conditions as one line a person reads ("every condition holds").
fn describe(when: &Conditions) -> String {
    let list = |values: &[String]| values.join(", ");
    let pairs = |map: &std::collections::BTreeMap<String, String>| {
        map.iter().map(|(k, v)| format!("{k} = {v}")).collect::<Vec<_>>().join(", ")
    };
    let mut parts = Vec::new();
    if let Some(band) = when.band {
        parts.push(format!("{band:?}s").to_lowercase());
    }
    if let Some(range) = when.score {
        parts.push(format!("score {}–{}", range.min, range.max));
    }
    if let Some(points) = when.drop {
        parts.push(format!("a drop of {points}+ points"));
    }
    if !when.comment_matches.is_empty() {
        parts.push(format!("comment says {}", list(&when.comment_matches)));
    }
    if !when.contact_attributes.is_empty() {
        parts.push(format!("contact {}", pairs(&when.contact_attributes)));
    }
    if !when.response_attributes.is_empty() {
        parts.push(format!("response {}", pairs(&when.response_attributes)));
    }
    if !when.channels.is_empty() {
        parts.push(format!("channel {}", list(&when.channels)));
    }
    if !when.touchpoints.is_empty() {
        parts.push(format!("touchpoint {}", list(&when.touchpoints)));
    }
    if !when.units.is_empty() {
        parts.push(format!("in {}", when.units.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")));
    }
    parts.join("; ")
}
