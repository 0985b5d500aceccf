//! `/admin/alert-rules`: the rules in force, in words, and the units whose
//! alerts only the admins would get. Read-only here, like surveys: rules are
//! changed as a TOML file with `vocal rules apply` (whose errors name the
//! file's lines) or as JSON with `PUT /api/v1/alert-rules`.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use vocal_app::closed_loop::owners::units_without_owner;
use vocal_app::closed_loop::rules::current_rules;
use vocal_domain::alerts::{AlertRule, Conditions};
use vocal_store::Store;

use super::{PageResult, time_zone, when};
use crate::server::App;
use crate::session::Admin;
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
}

pub(super) async fn show<S: Store>(State(app): State<App<S>>, Admin(admin): Admin) -> PageResult {
    let org = admin.user.org_id;
    let zone = time_zone(&app, org).await?;
    let (rules, updated_at_ms) = current_rules(&app.store, org).await?;
    let page = AlertRulesPage {
        chrome: &Chrome::signed_in(&admin, Section::Settings),
        updated: updated_at_ms.map(|ms| when(ms, &zone)),
        rules: rules.rules.iter().map(row).collect(),
        unowned: units_without_owner(&app.store, org).await?,
    };
    Ok(render(StatusCode::OK, &page, page.chrome))
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
