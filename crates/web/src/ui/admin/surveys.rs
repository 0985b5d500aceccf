//! `/admin/surveys`: the organisation's surveys and, per survey, its
//! definition. Read-only here: definitions are changed as TOML files with
//! `vocal survey apply` (whose errors name the file's lines) or as JSON with
//! `PUT /api/v1/surveys/{slug}`.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use vocal_domain::SurveyId;
use vocal_store::{Store, Survey};

use super::{PageResult, parse_id, time_zone, when};
use crate::server::App;
use crate::session::Admin;
use crate::ui::chrome::{Chrome, Section, render};
use crate::ui::errors::not_found;

struct SurveyRow {
    id: i64,
    slug: String,
    name: String,
    languages: String,
    public: bool,
    updated: String,
}

#[derive(Template)]
#[template(path = "app/admin/surveys.html")]
struct SurveysPage<'a> {
    chrome: &'a Chrome,
    rows: Vec<SurveyRow>,
}

#[derive(Template)]
#[template(path = "app/admin/survey.html")]
struct SurveyPage<'a> {
    chrome: &'a Chrome,
    row: SurveyRow,
    public_url: String,
    default_language: &'a str,
    edit_window_hours: u32,
    questions: usize,
    /// The definition as the API returns it, the logo's bytes left out.
    definition: String,
}

fn row(survey: &Survey, zone: &jiff::tz::TimeZone) -> SurveyRow {
    let definition = &survey.definition;
    SurveyRow {
        id: survey.id.0,
        slug: definition.slug.clone(),
        name: definition.name.clone(),
        languages: definition.texts.keys().cloned().collect::<Vec<_>>().join(", "),
        public: definition.public_link.enabled,
        updated: when(survey.updated_at_ms, zone),
    }
}

pub(super) async fn list<S: Store>(State(app): State<App<S>>, Admin(admin): Admin) -> PageResult {
    let org = admin.user.org_id;
    let zone = time_zone(&app, org).await?;
    let mut surveys = app.store.list_surveys(org).await?;
    surveys.sort_by(|a, b| a.definition.slug.cmp(&b.definition.slug));
    let rows = surveys.iter().map(|s| row(s, &zone)).collect();
    let chrome = Chrome::signed_in(&admin, Section::Settings);
    Ok(render(StatusCode::OK, &SurveysPage { chrome: &chrome, rows }, &chrome))
}

pub(super) async fn show<S: Store>(
    State(app): State<App<S>>,
    Admin(admin): Admin,
    Path(id): Path<String>,
) -> PageResult {
    let org = admin.user.org_id;
    let Some(id) = parse_id(&id) else { return Ok(not_found()) };
    let Some(survey) = app.store.survey_by_id(org, SurveyId(id)).await? else { return Ok(not_found()) };
    let zone = time_zone(&app, org).await?;
    let mut shown = survey.definition.clone();
    if let Some(logo) = &mut shown.brand.logo {
        logo.base64 = format!("({} characters, not shown)", logo.base64.len());
    }
    let definition = serde_json::to_string_pretty(&shown)?;
    let chrome = Chrome::signed_in(&admin, Section::Settings);
    let page = SurveyPage {
        chrome: &chrome,
        row: row(&survey, &zone),
        public_url: format!("{}/p/{}", app.settings.public_url(), survey.id.0),
        default_language: &survey.definition.default_language,
        edit_window_hours: survey.definition.edit_window_hours,
        questions: survey.definition.questions.len(),
        definition,
    };
    Ok(render(StatusCode::OK, &page, &chrome))
}
