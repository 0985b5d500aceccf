//! `/admin/themes`: the theme taxonomy comments are matched against (the
//! Why page, `vocal why`), as its TOML file to edit: a post is checked whole
//! as `vocal themes apply` checks it — every problem named with its place,
//! the text kept, nothing stored — and applied as one audited change.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use vocal_app::organisation::audit::Actor;
use vocal_app::why::{ApplyError, apply_taxonomy};
use vocal_domain::text::themes::Taxonomy;
use vocal_store::Store;

use super::{PageResult, PostedFile, Saved, time_zone, when};
use crate::server::App;
use crate::session::{Admin, CurrentUser};
use crate::ui::chrome::{Chrome, Section, render};

#[derive(Template)]
#[template(path = "app/admin/themes.html")]
struct ThemesPage<'a> {
    chrome: &'a Chrome,
    /// `None` while the default taxonomy applies.
    updated: Option<String>,
    /// (name, phrases in English or the first language) per theme.
    themes: Vec<(String, usize)>,
    text: String,
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

pub(super) async fn apply<S: Store>(
    State(app): State<App<S>>,
    Admin(admin): Admin,
    Form(posted): Form<PostedFile>,
) -> PageResult {
    match apply_taxonomy(&app.store, Actor::Person(&admin.user), &posted.file).await {
        Ok(_) => Ok(Redirect::to("/admin/themes?saved=1").into_response()),
        Err(ApplyError::Invalid(errors)) => {
            let problems = errors.iter().map(ToString::to_string).collect();
            page(&app, &admin, Some(posted.file), problems, false).await
        }
        Err(ApplyError::Store(error)) => Err(error.into()),
    }
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
    let stored = app.store.theme_taxonomy(org).await?;
    let current = match &stored {
        Some((text, _)) => Taxonomy::from_toml(text).unwrap_or_else(|_| Taxonomy::default_customer_service()),
        None => Taxonomy::default_customer_service(),
    };
    let text = posted.unwrap_or_else(|| match &stored {
        Some((text, _)) => text.clone(),
        None => Taxonomy::default_customer_service_toml().to_string(),
    });
    let themes = current
        .themes()
        .iter()
        .map(|t| {
            let name = t.name.get("en").or_else(|| t.name.values().next()).cloned().unwrap_or_else(|| t.slug.clone());
            (name, t.phrases.values().map(Vec::len).sum::<usize>() + t.negatable.values().map(Vec::len).sum::<usize>())
        })
        .collect();
    let status = if problems.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = ThemesPage {
        chrome: &Chrome::signed_in(admin, Section::Settings),
        updated: stored.map(|(_, at)| when(at, &zone)),
        themes,
        text,
        problems,
        saved,
    };
    Ok(render(status, &page, page.chrome))
}
