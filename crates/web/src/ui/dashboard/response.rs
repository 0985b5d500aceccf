//! `GET /responses/{id}`: one response in full, for users whose scope holds
//! it; anyone else gets the same 404 as for an id that does not exist. The
//! contact's email is shown only to those who see the whole organisation's
//! people (admins and analysts).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use vocal_domain::{ResponseId, Role};
use vocal_store::Store;

use super::feed::local_time;
use super::view::Band;
use crate::server::App;
use crate::session::CurrentUser;
use crate::ui::chrome::{Chrome, Section, render};
use crate::ui::errors;

#[derive(Template)]
#[template(path = "app/dashboard/response.html")]
struct ResponsePage<'a> {
    chrome: &'a Chrome,
    id: i64,
    score: u8,
    band: Band,
    date: String,
    comment: Option<String>,
    /// How the comment feels, or why it has no sentiment.
    sentiment: Option<String>,
    /// The themes of the organisation's taxonomy the comment mentions.
    themes: Vec<String>,
    unit: Option<String>,
    agent: Option<String>,
    /// The agent's coaching page, for a viewer who may open it.
    agent_href: Option<String>,
    /// The dashboard narrowed to the response's unit.
    unit_href: Option<String>,
    channel: Option<String>,
    touchpoint: Option<String>,
    language: Option<String>,
    account: Option<String>,
    source: String,
    contact_email: Option<vocal_domain::Email>,
    attributes: Vec<(String, String)>,
}

pub async fn show<S: Store>(State(app): State<App<S>>, current: CurrentUser, Path(id): Path<String>) -> Response {
    let Ok(id) = id.parse::<i64>() else { return errors::not_found() };
    let org = current.user.org_id;
    let record = match app.store.responses_by_ids(org, &[ResponseId(id)]).await {
        Ok(records) => records.into_iter().next(),
        Err(error) => return errors::server_error(error),
    };
    let Some(record) = record else { return errors::not_found() };
    let shared = match app.indexes.get(&app.store, org).await {
        Ok(shared) => shared,
        Err(error) => return errors::server_error(error),
    };
    let r = &record.indexed;
    let (visible, unit, time_zone) = {
        let index = shared.read().await;
        let visible = current.scope.sees_response(&index.units, r.unit_id, r.agent_id);
        let unit = r.unit_id.filter(|&u| index.units.get(u).is_some()).map(|u| index.units.path(u));
        (visible, unit, index.index.time_zone().clone())
    };
    if !visible {
        return errors::not_found();
    }
    let sees_people = matches!(current.user.role, Role::Admin | Role::Analyst);
    let unit_href = unit.as_ref().map(|u| {
        format!("/dashboard?{}", url::form_urlencoded::Serializer::new(String::new()).append_pair("unit", u).finish())
    });
    let comment = record.comment.clone().filter(|c| !c.trim().is_empty());
    let themes = match &comment {
        Some(text) => match vocal_app::why::current_taxonomy(&app.store, org).await {
            Ok(taxonomy) => themes_of(&taxonomy, text, r.language.as_deref()),
            Err(error) => return errors::server_error(error),
        },
        None => Vec::new(),
    };
    let chrome = Chrome::signed_in(&current, Section::Dashboard);
    let page = ResponsePage {
        chrome: &chrome,
        id,
        score: r.score.value(),
        band: Band::of(r.score),
        date: local_time(r.submitted_at_ms, &time_zone),
        sentiment: comment.as_deref().map(|text| feeling(text, r.language.as_deref())),
        themes,
        comment,
        unit,
        agent: record.agent_name.clone(),
        agent_href: r.agent_id.map(|a| format!("/agents/{}", a.0)),
        unit_href,
        channel: r.channel.clone(),
        touchpoint: r.touchpoint.clone(),
        language: r.language.clone(),
        account: r.account.clone(),
        source: r.source.clone(),
        contact_email: if sees_people { record.contact_email.clone() } else { None },
        attributes: r.attributes.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
    };
    render(StatusCode::OK, &page, &chrome)
}

/// "negative (−0.62)", or why there is none: a guessed sentiment could be a wrong one.
fn feeling(comment: &str, language: Option<&str>) -> String {
    use vocal_domain::text::sentiment::{SentimentLabel, sentiment_of};
    let Some(language) = language else { return "none: the answer names no language".into() };
    match sentiment_of(comment, language) {
        Some(s) => {
            let label = match s.label() {
                SentimentLabel::Positive => "positive",
                SentimentLabel::Neutral => "neutral",
                SentimentLabel::Negative => "negative",
            };
            format!("{label} ({})", format!("{:+.2}", s.compound).replace('-', "−"))
        }
        None => format!("none: no sentiment model for {language} yet"),
    }
}

/// The names of the themes the comment mentions, in taxonomy order.
fn themes_of(taxonomy: &vocal_domain::text::themes::Taxonomy, comment: &str, language: Option<&str>) -> Vec<String> {
    let matcher = taxonomy.compile();
    let found = matcher.themes_of(comment, language);
    let names_in = language.and_then(|l| l.get(..2)).unwrap_or("en");
    found
        .iter()
        .filter_map(|i| taxonomy.themes().get(i))
        .map(|t| t.name.get(names_in).or_else(|| t.name.get("en")).cloned().unwrap_or_else(|| t.slug.clone()))
        .collect()
}
