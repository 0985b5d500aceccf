//! The pages customers answer on: `/s/{token}` (an invitation) and
//! `/p/{survey}` (the anonymous public link, by slug or id).
//!
//! A GET (or HEAD) never records anything — mail scanners fetch every link
//! in an email. `/s/{token}?score=N` opens the page with N selected; the
//! page's script records it with a POST once the page is visible to a
//! person, and without script a tap on Send does.

use std::collections::BTreeMap;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use vocal_app::collect::CollectError;
use vocal_app::collect::answers::{AnswerForm, FormProblem, OpenInvitation, Opened, answers_of};
use vocal_app::collect::tokens::{Token, nonce};
use vocal_store::{Store, StoreError, Survey};

use crate::client_ip::ClientIp;
use crate::fault::{Fault, FaultKind, Surface};
use crate::page::{html_page, set_cookie};
use crate::server::App;
use crate::survey_page::{self as page, Notice, SurveyForm};

/// A comment of 10,000 characters of up to 4 bytes each, percent-encoded
/// (3 bytes per byte) as browsers send forms, plus the answers, fits.
const FORM_BODY_LIMIT: usize = 256 * 1024;

pub fn routes<S: Store>() -> Router<App<S>> {
    Router::new()
        .route("/s/{token}", get(open_invitation::<S>).post(answer_invitation::<S>))
        .route("/p/{survey}", get(open_public::<S>).post(answer_public::<S>))
        .layer(axum::extract::DefaultBodyLimit::max(FORM_BODY_LIMIT))
}

/// `score` and `lang` from the query string; anything else is ignored (a
/// customer's link must not break over a tracking parameter).
struct PageQuery {
    score: Option<u8>,
    lang: Option<String>,
}

impl PageQuery {
    fn parse(raw: Option<&str>) -> Self {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw.unwrap_or("")).unwrap_or_default();
        let get = |name: &str| pairs.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
        PageQuery { score: get("score").and_then(|s| s.parse().ok()).filter(|s| *s <= 10), lang: get("lang") }
    }
}

fn accept_language(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok())
}

/// A notice before any survey is known: in the browser's language when built in.
fn notice(status: StatusCode, kind: Notice, headers: &HeaderMap) -> Response {
    let nonce = nonce();
    html_page(status, page::render_notice(kind, browser_language(headers), Some(&nonce)), &nonce)
}

/// The browser's first language, before any survey (and its languages) is known.
fn browser_language(headers: &HeaderMap) -> &str {
    accept_language(headers).and_then(|h| h.split([',', ';', '-']).next()).unwrap_or("en").trim()
}

/// A survey page the server could not serve: the one mapping decides 503
/// or 500 (see [`crate::fault`]); the form's own problems never come here.
fn store_failure(error: CollectError) -> Response {
    let fault = match error {
        CollectError::Store(store) => Fault::from(store),
        other => Fault::internal(other),
    };
    fault.respond(Surface::SurveyPage)
}

/// The notice a fault finally shows, in the browser's language, with the
/// request id (called by [`crate::fault::answer_faults`], which knows it).
pub(crate) fn fault_notice(kind: FaultKind, request_id: &str, headers: &HeaderMap) -> Response {
    let notice = match kind {
        FaultKind::Unavailable => Notice::Unavailable,
        FaultKind::Internal => Notice::Failed,
    };
    let nonce = nonce();
    html_page(
        Fault::status_of(kind),
        page::render_failure_notice(notice, browser_language(headers), request_id, Some(&nonce)),
        &nonce,
    )
}

/// The invitation behind a token, or the page to answer with instead (404, 410, 503).
async fn open_token<S: Store>(app: &App<S>, token: &str, headers: &HeaderMap) -> Result<Box<OpenInvitation>, Response> {
    match app.collector.open(&Token::from_path(token)).await {
        Ok(Opened::Found(open)) => Ok(open),
        Ok(Opened::NotFound) => Err(notice(StatusCode::NOT_FOUND, Notice::NotFound, headers)),
        Ok(Opened::Expired) => Err(notice(StatusCode::GONE, Notice::Expired, headers)),
        Err(error) => Err(store_failure(error)),
    }
}

fn invitation_language(open: &OpenInvitation, query: &PageQuery, headers: &HeaderMap) -> String {
    let invitation = &open.invitation;
    let preferred = invitation.context.language.as_deref().or(invitation.contact.details.language.as_deref());
    page::pick_language(&open.survey.definition, preferred, query.lang.as_deref(), accept_language(headers))
}

async fn open_invitation<S: Store>(
    State(app): State<App<S>>,
    Path(token): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let query = PageQuery::parse(raw.as_deref());
    let open = match open_token(&app, &token, &headers).await {
        Ok(open) => open,
        Err(page) => return page,
    };
    let language = invitation_language(&open, &query, &headers);
    let definition = &open.survey.definition;
    if open.editable_until_ms.is_none() {
        return thank_you(&open, &language, None, &token);
    }
    let previous = open.response.as_ref();
    let nonce = nonce();
    let form = SurveyForm {
        definition,
        language: &language,
        action: format!("/s/{token}?lang={language}"),
        selected: query.score.or(previous.map(|r| r.indexed.score.value())),
        comment: previous.and_then(|r| r.comment.clone()).unwrap_or_default(),
        answers: previous.map(|r| answers_of(definition, &r.indexed.attributes)).unwrap_or_default(),
        errors: BTreeMap::new(),
        read_only: false,
        script_nonce: Some(nonce.clone()),
        autosubmit_score: query.score.is_some(),
        honeypot: false,
        hidden: Vec::new(),
    };
    html_page(StatusCode::OK, page::render_form(&form), &nonce)
}

async fn answer_invitation<S: Store>(
    State(app): State<App<S>>,
    Path(token): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let query = PageQuery::parse(raw.as_deref());
    let open = match open_token(&app, &token, &headers).await {
        Ok(open) => open,
        Err(page) => return page,
    };
    let language = invitation_language(&open, &query, &headers);
    let Some(form) = read_form(&body) else {
        return notice(StatusCode::BAD_REQUEST, Notice::NotFound, &headers);
    };
    if open.editable_until_ms.is_none() {
        // Read-only now: thank again, store nothing.
        return if form.auto {
            StatusCode::CONFLICT.into_response()
        } else {
            thank_you(&open, &language, None, &token)
        };
    }
    let auto = form.auto;
    match app.collector.answer(&open, form.clone(), &language).await {
        Ok(_) if auto => StatusCode::NO_CONTENT.into_response(),
        Ok(record) => {
            let until = record.created_at_ms + i64::from(open.survey.definition.edit_window_hours) * 3_600_000;
            thank_you(&open, &language, Some(until), &token)
        }
        Err(CollectError::Form(_)) if auto => StatusCode::UNPROCESSABLE_ENTITY.into_response(),
        Err(CollectError::Form(problems)) => {
            let action = format!("/s/{token}?lang={language}");
            form_again(&open.survey, &language, action, form, problems, false)
        }
        Err(error) => store_failure(error),
    }
}

fn thank_you(open: &OpenInvitation, language: &str, editable_until_ms: Option<i64>, token: &str) -> Response {
    let definition = &open.survey.definition;
    let redirect = open.invitation.context.redirect_url.as_deref().or(definition.redirect_url.as_deref());
    let until = editable_until_ms.or(open.editable_until_ms.filter(|_| open.response.is_some()));
    let when = until.map(format_time);
    let edit_url = until.map(|_| format!("/s/{token}?lang={language}"));
    let nonce = nonce();
    html_page(
        StatusCode::OK,
        page::render_thank_you(definition, language, redirect, when, edit_url, Some(&nonce)),
        &nonce,
    )
}

/// A moment for the thank-you page, in UTC (the person's zone is unknown).
fn format_time(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms).map(|t| t.strftime("%Y-%m-%d %H:%M UTC").to_string()).unwrap_or_default()
}

/// The form again with each problem next to its field and what was typed kept.
fn form_again(
    survey: &Survey,
    language: &str,
    action: String,
    form: AnswerForm,
    problems: Vec<(String, FormProblem)>,
    honeypot: bool,
) -> Response {
    let errors = problems.into_iter().map(|(field, problem)| (field, page::error_text(language, problem))).collect();
    let nonce = nonce();
    let page = SurveyForm {
        definition: &survey.definition,
        language,
        action,
        selected: form.score.as_deref().and_then(|s| s.trim().parse().ok()).filter(|s| *s <= 10),
        comment: form.comment.unwrap_or_default(),
        answers: form.answers,
        errors,
        read_only: false,
        script_nonce: Some(nonce.clone()),
        autosubmit_score: false,
        honeypot,
        hidden: Vec::new(),
    };
    html_page(StatusCode::UNPROCESSABLE_ENTITY, page::render_form(&page), &nonce)
}

/// The posted form; `None` when it is not a form at all.
fn read_form(body: &Bytes) -> Option<AnswerForm> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).ok()?;
    let mut form = AnswerForm::default();
    for (name, value) in pairs {
        match name.as_str() {
            "score" => form.score = Some(value),
            "comment" => form.comment = Some(value),
            "auto" => form.auto = value == "1",
            _ => {
                form.answers.insert(name, value);
            }
        }
    }
    Some(form)
}

const HONEYPOT: &str = "website";

fn answered_cookie(survey: &Survey) -> String {
    format!("vocal_answered_{}", survey.id.0)
}

fn has_cookie(headers: &HeaderMap, name: &str) -> bool {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .any(|pair| pair.trim().split_once('=').is_some_and(|(n, _)| n == name))
}

/// The survey behind a public link `/p/{slug}` (or `/p/{id}`, the form
/// links had before slugs were served), if its link is enabled. A number
/// is tried as an id first, so links already printed keep their survey. A
/// slug names one survey per organisation; should several organisations
/// have an enabled link under one slug, the link is ambiguous and opens none.
async fn public_survey<S: Store>(app: &App<S>, slug_or_id: &str) -> Result<Option<std::sync::Arc<Survey>>, StoreError> {
    let orgs = app.store.list_orgs().await?;
    if let Ok(id) = slug_or_id.parse::<i64>() {
        for org in &orgs {
            if let Some(survey) = app.collector.surveys.get(&app.store, org.id, vocal_domain::SurveyId(id)).await? {
                return Ok(survey.definition.public_link.enabled.then_some(survey));
            }
        }
    }
    let mut found = None;
    for org in &orgs {
        let Some(survey) = app.store.survey_by_slug(org.id, slug_or_id).await? else { continue };
        if !survey.definition.public_link.enabled {
            continue;
        }
        if found.is_some() {
            tracing::warn!(slug = slug_or_id, "a public link's slug is enabled in several organisations; use its id");
            return Ok(None);
        }
        found = Some(std::sync::Arc::new(survey));
    }
    Ok(found)
}

async fn open_public<S: Store>(
    State(app): State<App<S>>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let query = PageQuery::parse(raw.as_deref());
    let survey = match public_survey(&app, &id).await {
        Ok(Some(survey)) => survey,
        Ok(None) => return notice(StatusCode::NOT_FOUND, Notice::NotFound, &headers),
        Err(error) => return store_failure(error.into()),
    };
    let language = page::pick_language(&survey.definition, None, query.lang.as_deref(), accept_language(&headers));
    let nonce = nonce();
    if survey.definition.public_link.one_answer_per_browser && has_cookie(&headers, &answered_cookie(&survey)) {
        let html = page::render_branded_notice(Notice::AlreadyAnswered, &survey.definition, &language, Some(&nonce));
        return html_page(StatusCode::OK, html, &nonce);
    }
    let form = SurveyForm {
        definition: &survey.definition,
        language: &language,
        action: format!("/p/{id}?lang={language}"),
        selected: query.score,
        comment: String::new(),
        answers: BTreeMap::new(),
        errors: BTreeMap::new(),
        read_only: false,
        script_nonce: Some(nonce.clone()),
        autosubmit_score: false,
        honeypot: true,
        hidden: Vec::new(),
    };
    html_page(StatusCode::OK, page::render_form(&form), &nonce)
}

async fn answer_public<S: Store>(
    State(app): State<App<S>>,
    Path(id): Path<String>,
    ClientIp(client): ClientIp,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let query = PageQuery::parse(raw.as_deref());
    let survey = match public_survey(&app, &id).await {
        Ok(Some(survey)) => survey,
        Ok(None) => return notice(StatusCode::NOT_FOUND, Notice::NotFound, &headers),
        Err(error) => return store_failure(error.into()),
    };
    let language = page::pick_language(&survey.definition, None, query.lang.as_deref(), accept_language(&headers));
    if !app.public_limiter.allow(client) {
        let nonce = nonce();
        let html = page::render_branded_notice(Notice::TooManyRequests, &survey.definition, &language, Some(&nonce));
        let mut response = html_page(StatusCode::TOO_MANY_REQUESTS, html, &nonce);
        response.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from_static("60"));
        return response;
    }
    let Some(mut form) = read_form(&body) else {
        return notice(StatusCode::BAD_REQUEST, Notice::NotFound, &headers);
    };
    let cookie = answered_cookie(&survey);
    let per_browser = survey.definition.public_link.one_answer_per_browser;
    let bot = form.answers.remove(HONEYPOT).is_some_and(|v| !v.is_empty());
    let nonce = nonce();
    let thanks = || {
        page::render_thank_you(
            &survey.definition,
            &language,
            survey.definition.redirect_url.as_deref(),
            None,
            None,
            Some(&nonce),
        )
    };
    if per_browser && has_cookie(&headers, &cookie) {
        let html = page::render_branded_notice(Notice::AlreadyAnswered, &survey.definition, &language, Some(&nonce));
        return html_page(StatusCode::OK, html, &nonce);
    }
    if bot {
        // Thank the bot as if it had answered, so it learns nothing; store nothing.
        tracing::debug!(survey = survey.id.0, "public link: honeypot filled, answer dropped");
        return html_page(StatusCode::OK, thanks(), &nonce);
    }
    form.auto = false;
    match app.collector.answer_publicly(&survey, form.clone(), &language).await {
        Ok(()) => {
            let mut response = html_page(StatusCode::OK, thanks(), &nonce);
            if per_browser {
                set_cookie(&mut response, &cookie, &format!("/p/{id}"));
            }
            response
        }
        Err(CollectError::Form(problems)) => {
            form_again(&survey, &language, format!("/p/{id}?lang={language}"), form, problems, true)
        }
        Err(error) => store_failure(error),
    }
}
