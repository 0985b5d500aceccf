//! The page shell every survey page shares (head, brand header, inline style
//! and script), the thank-you page and the notices.

use askama::Template;
use vocal_domain::survey::SurveyDefinition;

use super::assets::{SCRIPT, style};
use super::chrome::Chrome;
use super::language::{is_rtl, texts_for};
use super::theme::{Palette, logo_data_uri};

/// Seconds the thank-you page waits before following the survey's redirect.
const REDIRECT_SECONDS: u32 = 6;

/// A page that tells the person why there is no survey to answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// No such survey or token. Says nothing about any survey.
    NotFound,
    /// The invitation's token is past its end. Says nothing about the survey.
    Expired,
    /// The anonymous link's rate limit was hit.
    TooManyRequests,
    /// The store or another dependency is down (503).
    Unavailable,
    /// Something unexpected broke on the server (500).
    Failed,
    /// The token's answer can no longer be changed, or the browser already answered.
    AlreadyAnswered,
}

#[derive(Template)]
#[template(
    ext = "html",
    whitespace = "minimize",
    source = r#"<!doctype html>
<html lang="{{ lang }}" dir="{{ dir }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
{% if let Some(url) = refresh %}<meta http-equiv="refresh" content="{{ refresh_seconds }};url={{ url }}">
{% endif %}<title>{{ title }}</title>
<style{% if let Some(n) = nonce %} nonce="{{ n }}"{% endif %}>{{ style|safe }}</style>
</head>
<body>
<main><div class="card">
{% if let Some(org) = organisation %}<header class="brand">{% if let Some(src) = logo %}<img src="{{ src }}" alt="">{% endif %}<span>{{ org }}</span></header>
{% endif %}{{ body|safe }}
</div></main>
{% if let Some(js) = script %}<script{% if let Some(n) = nonce %} nonce="{{ n }}"{% endif %}>{{ js|safe }}</script>
{% endif %}</body>
</html>
"#
)]
pub(crate) struct Shell<'a> {
    lang: &'a str,
    dir: &'static str,
    title: &'a str,
    /// Built by [`style`] from checked colours only.
    style: String,
    nonce: Option<&'a str>,
    organisation: Option<&'a str>,
    logo: Option<String>,
    refresh: Option<&'a str>,
    refresh_seconds: u32,
    /// Already-rendered (and so already-escaped) page content.
    body: String,
    script: Option<&'static str>,
}

impl<'a> Shell<'a> {
    /// A page in `lang`, painted in the survey's brand when there is one.
    pub(crate) fn new(
        lang: &'a str,
        title: &'a str,
        definition: Option<&'a SurveyDefinition>,
        nonce: Option<&'a str>,
        body: String,
    ) -> Shell<'a> {
        let brand = definition.map(|d| &d.brand);
        Shell {
            lang,
            dir: if is_rtl(lang) { "rtl" } else { "ltr" },
            title,
            style: style(&brand.map_or_else(Palette::neutral, |b| Palette::of(Some(b)))),
            nonce,
            organisation: brand.map(|b| b.organisation.as_str()),
            logo: brand.and_then(|b| b.logo.as_ref()).and_then(logo_data_uri),
            refresh: None,
            refresh_seconds: REDIRECT_SECONDS,
            body,
            script: None,
        }
    }

    pub(crate) fn with_script(mut self) -> Self {
        self.script = Some(SCRIPT);
        self
    }
}

/// Renders a template; a failure (only possible if a value's `Display`
/// fails) is logged and the person sees a bare apology rather than detail.
pub(crate) fn render_or_apologise(template: &impl Template) -> String {
    template.render().unwrap_or_else(|error| {
        tracing::error!(%error, "survey page failed to render");
        "<!doctype html><title>Error</title><p>Sorry, something went wrong.</p>".to_owned()
    })
}

/// A check mark in a circle, drawn in the accent colour.
const CHECK_ICON: &str = r#"<svg class="icon" width="48" height="48" viewBox="0 0 48 48" aria-hidden="true"><circle cx="24" cy="24" r="22" fill="var(--a)"/><path d="M14 25l7 7 13-15" fill="none" stroke="var(--on)" stroke-width="4" stroke-linecap="round" stroke-linejoin="round"/></svg>"#;
/// An exclamation mark in a circle, for notices.
const NOTICE_ICON: &str = r#"<svg class="icon" width="48" height="48" viewBox="0 0 48 48" aria-hidden="true"><circle cx="24" cy="24" r="22" fill="none" stroke="var(--a)" stroke-width="3"/><path d="M24 13v14" stroke="var(--a)" stroke-width="4" stroke-linecap="round"/><circle cx="24" cy="34" r="2.5" fill="var(--a)"/></svg>"#;

#[derive(Template)]
#[template(
    ext = "html",
    whitespace = "minimize",
    source = r#"<div class="done">{{ icon|safe }}
<h1>{{ chrome.thank_you }}</h1>
<p class="pre">{{ text }}</p>
{% if let Some(url) = redirect %}<p><a class="btn" href="{{ url }}">{{ chrome.continue_ }}</a></p>
<p class="muted">{{ chrome.redirecting }}</p>
{% endif %}{% if edit_note.is_some() || edit_url.is_some() %}<p class="muted">{% if let Some(note) = edit_note %}{{ note }} {% endif %}{% if let Some(url) = edit_url %}<a href="{{ url }}">{{ chrome.change_answer }}</a>{% endif %}</p>
{% endif %}</div>"#
)]
struct ThankYouBody<'a> {
    icon: &'static str,
    chrome: &'static Chrome,
    text: &'a str,
    redirect: Option<&'a str>,
    edit_note: Option<String>,
    edit_url: Option<String>,
}

/// The page after an answer: the survey's thank-you text, a link on to
/// `redirect_url` (followed after a few seconds; only `http(s)` URLs, which
/// the caller has checked against `redirect_hosts`), and while the answer can
/// still be changed, when until (`can_edit_until`, already formatted for the
/// reader) and a link back to the form (`edit_url`).
pub fn render_thank_you(
    definition: &SurveyDefinition,
    language: &str,
    redirect_url: Option<&str>,
    can_edit_until: Option<String>,
    edit_url: Option<String>,
    nonce: Option<&str>,
) -> String {
    let (lang, texts) = texts_for(definition, language).unwrap_or((&definition.default_language, &EMPTY_TEXTS));
    let chrome = Chrome::for_language(lang);
    let redirect = redirect_url.filter(|u| is_web_url(u));
    let body = ThankYouBody {
        icon: CHECK_ICON,
        chrome,
        text: &texts.thank_you,
        redirect,
        edit_note: can_edit_until.map(|when| chrome.can_edit_until.replace("{when}", &when)),
        edit_url,
    };
    let mut shell = Shell::new(lang, chrome.thank_you, Some(definition), nonce, render_or_apologise(&body));
    shell.refresh = redirect;
    render_or_apologise(&shell)
}

/// Texts for the (invalid) survey that has none, so pages still render.
static EMPTY_TEXTS: std::sync::LazyLock<vocal_domain::survey::SurveyTexts> =
    std::sync::LazyLock::new(|| vocal_domain::survey::SurveyTexts {
        question: String::new(),
        why: String::new(),
        why_detractor: None,
        why_passive: None,
        why_promoter: None,
        thank_you: String::new(),
        questions: Default::default(),
    });

pub(crate) fn is_web_url(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

#[derive(Template)]
#[template(
    ext = "html",
    whitespace = "minimize",
    source = r#"<div class="done">{{ icon|safe }}
<h1>{{ heading }}</h1>
{% if let Some(d) = detail %}<p class="muted">{{ d }}</p>
{% endif %}{% if let Some((label, id)) = reference %}<p class="muted">{{ label }}: <code class="request-id">{{ id }}</code></p>
{% endif %}</div>"#
)]
struct NoticeBody<'a> {
    icon: &'static str,
    heading: &'a str,
    detail: Option<&'a str>,
    /// The label and the request id of a failure, for the person to quote.
    reference: Option<(&'static str, &'a str)>,
}

/// A notice page with nothing on it but the message, in `language`'s chrome
/// (English when it has none) and neutral colours.
pub fn render_notice(kind: Notice, language: &str, nonce: Option<&str>) -> String {
    notice(kind, language, None, None, nonce)
}

/// A notice for a failure (`Unavailable` or `Failed`) with the request id
/// the person can quote; unbranded, as the survey may be what failed to load.
pub fn render_failure_notice(kind: Notice, language: &str, request_id: &str, nonce: Option<&str>) -> String {
    notice(kind, language, None, Some(request_id), nonce)
}

/// A notice in the survey's brand, for notices about a survey the person was
/// invited to. `NotFound` and `Expired` never show whose survey it is.
pub fn render_branded_notice(
    kind: Notice,
    definition: &SurveyDefinition,
    language: &str,
    nonce: Option<&str>,
) -> String {
    let reveals = !matches!(kind, Notice::NotFound | Notice::Expired);
    notice(kind, language, reveals.then_some(definition), None, nonce)
}

fn notice(
    kind: Notice,
    language: &str,
    definition: Option<&SurveyDefinition>,
    request_id: Option<&str>,
    nonce: Option<&str>,
) -> String {
    let chrome = Chrome::for_language(language);
    let (heading, detail) = match kind {
        Notice::NotFound => (chrome.not_found, Some(chrome.not_found_detail)),
        Notice::Expired => (chrome.expired, Some(chrome.expired_detail)),
        Notice::TooManyRequests => (chrome.too_many, None),
        Notice::Unavailable => (chrome.unavailable, None),
        Notice::Failed => (chrome.failed, None),
        Notice::AlreadyAnswered => (chrome.already, Some(chrome.already_detail)),
    };
    let reference = request_id.map(|id| (chrome.reference, id));
    let body = NoticeBody { icon: NOTICE_ICON, heading, detail, reference };
    // Everything on a notice is chrome, so `lang` names the chrome's language.
    render_or_apologise(&Shell::new(chrome.lang, heading, definition, nonce, render_or_apologise(&body)))
}
