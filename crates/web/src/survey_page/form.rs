//! The survey form: the 0–10 scale, the why question, the extra questions
//! and the Send button, as a plain form POST that needs no JavaScript.

use std::collections::BTreeMap;

use askama::Template;
use vocal_domain::Score;
use vocal_domain::survey::{QuestionKind, SurveyDefinition, SurveyTexts};

use super::chrome::Chrome;
use super::language::texts_for;
use super::pages::{Shell, render_or_apologise};

/// The longest comment the form accepts: the same limit as every other way in.
pub const MAX_COMMENT_CHARS: u32 = vocal_app::import::MAX_COMMENT_CHARS as u32;

/// The key in [`SurveyForm::errors`] for a problem with the whole form
/// rather than one field; shown at the top.
pub const FORM_ERROR_KEY: &str = "_form";

/// Everything the form page shows. Field names are `score`, `comment` and
/// each extra question's id; `answers` and `errors` are keyed by those.
#[derive(Debug, Clone)]
pub struct SurveyForm<'a> {
    pub definition: &'a SurveyDefinition,
    /// One of the survey's languages (see [`super::pick_language`]).
    pub language: &'a str,
    /// Where the form posts to.
    pub action: String,
    /// The score already chosen (from a score link or an earlier answer).
    pub selected: Option<u8>,
    pub comment: String,
    /// Extra questions' answers by question id (a choice's option id).
    pub answers: BTreeMap<String, String>,
    /// Messages shown next to their field (see [`super::error_text`]);
    /// [`FORM_ERROR_KEY`] and unknown keys are shown at the top.
    pub errors: BTreeMap<String, String>,
    /// Show the answer without letting it be changed or sent.
    pub read_only: bool,
    /// The CSP nonce for the inline style and script.
    pub script_nonce: Option<String>,
    /// The page was opened from a score link: record `selected` with a POST
    /// (`score`, `auto=1` and the hidden fields) once the page is visible.
    pub autosubmit_score: bool,
    /// Include the visually hidden `website` field bots fill in.
    pub honeypot: bool,
    /// Hidden inputs, e.g. a form token.
    pub hidden: Vec<(String, String)>,
}

struct ScoreOption {
    value: u8,
    checked: bool,
    /// " – Not at all likely" on 0 and 10, so the label's accessible name
    /// carries the end label; empty otherwise.
    suffix: String,
}

struct Choice<'a> {
    value: &'a str,
    label: &'a str,
    checked: bool,
}

struct Question<'a> {
    id: &'a str,
    label: &'a str,
    required: bool,
    error: Option<&'a str>,
    /// Choice questions have options; text questions have none.
    choices: Vec<Choice<'a>>,
    is_text: bool,
    value: &'a str,
    max_length: u32,
    hint: String,
}

#[derive(Template)]
#[template(
    ext = "html",
    whitespace = "minimize",
    source = r#"<form id="survey" method="post" action="{{ action }}" accept-charset="utf-8"{% if auto %} data-auto="1"{% endif %}>
{% for (name, value) in hidden %}<input type="hidden" name="{{ name }}" value="{{ value }}">
{% endfor %}{% if !errors.is_empty() %}<div class="alert" role="alert">{{ chrome.check_answers }}{% for e in top_errors %}<p>{{ e }}</p>{% endfor %}</div>
{% endif %}{% if auto %}<p id="saved" class="ok" role="status" hidden>{{ chrome.score_saved }}</p>
{% endif %}<fieldset{% if read_only %} disabled{% endif %}>
<fieldset class="field" role="radiogroup" aria-labelledby="score-q" aria-required="true"{% if let Some(e) = score_error %} aria-invalid="true" aria-describedby="score-err"{% endif %}>
<legend class="q" id="score-q">{{ texts.question }}</legend>
<div class="scale">
{% for o in options %}<label class="opt"><input type="radio" name="score" value="{{ o.value }}"{% if o.checked %} checked{% endif %}{% if loop.first %} required{% endif %}><span class="n">{{ o.value }}</span>{% if !o.suffix.is_empty() %}<span class="vh">{{ o.suffix }}</span>{% endif %}</label>
{% endfor %}</div>
<div class="ends" aria-hidden="true"><span>{{ chrome.not_likely }}</span><span>{{ chrome.extremely_likely }}</span></div>
{% if let Some(e) = score_error %}<p class="err" id="score-err">{{ e }}</p>
{% endif %}</fieldset>
<div class="field">
<label for="comment" class="q" id="why" aria-live="polite" data-d="{{ why_d }}" data-p="{{ why_p }}" data-r="{{ why_r }}">{{ why }}</label>
<textarea id="comment" name="comment" rows="5" maxlength="{{ max_comment }}" aria-describedby="comment-hint{% if comment_error.is_some() %} comment-err{% endif %}"{% if comment_error.is_some() %} aria-invalid="true"{% endif %}>{{ comment }}</textarea>
<p class="hint" id="comment-hint">{{ chrome.optional }} · {{ comment_hint }}</p>
{% if let Some(e) = comment_error %}<p class="err" id="comment-err">{{ e }}</p>
{% endif %}</div>
{% for q in questions %}{% if q.is_text %}<div class="field">
<label for="q-{{ q.id }}" class="q">{{ q.label }}</label>
<input type="text" class="text" id="q-{{ q.id }}" name="{{ q.id }}" value="{{ q.value }}" maxlength="{{ q.max_length }}" aria-describedby="q-{{ q.id }}-hint{% if q.error.is_some() %} q-{{ q.id }}-err{% endif %}"{% if q.required %} required{% endif %}{% if q.error.is_some() %} aria-invalid="true"{% endif %}>
<p class="hint" id="q-{{ q.id }}-hint">{% if !q.required %}{{ chrome.optional }} · {% endif %}{{ q.hint }}</p>
{% else %}<fieldset class="field choices" role="radiogroup" aria-labelledby="q-{{ q.id }}"{% if q.required %} aria-required="true"{% endif %}{% if q.error.is_some() %} aria-invalid="true" aria-describedby="q-{{ q.id }}-err"{% endif %}>
<legend class="q" id="q-{{ q.id }}">{{ q.label }}{% if !q.required %} <span class="tag">({{ chrome.optional }})</span>{% endif %}</legend>
{% for c in q.choices %}<label><input type="radio" name="{{ q.id }}" value="{{ c.value }}"{% if c.checked %} checked{% endif %}{% if q.required && loop.first %} required{% endif %}><span>{{ c.label }}</span></label>
{% endfor %}{% endif %}{% if let Some(e) = q.error %}<p class="err" id="q-{{ q.id }}-err">{{ e }}</p>
{% endif %}{% if q.is_text %}</div>{% else %}</fieldset>{% endif %}
{% endfor %}{% if honeypot %}<div class="hp" aria-hidden="true"><label for="website">Website</label><input type="text" id="website" name="website" tabindex="-1" autocomplete="off"></div>
{% endif %}{% if !read_only %}<button type="submit" class="send">{{ chrome.send }}</button>
{% endif %}</fieldset>
</form>
{% if read_only %}<p class="muted">{{ chrome.read_only }}</p>
{% endif %}"#
)]
struct FormBody<'a> {
    chrome: &'static Chrome,
    texts: &'a SurveyTexts,
    action: &'a str,
    auto: bool,
    read_only: bool,
    honeypot: bool,
    hidden: &'a [(String, String)],
    errors: &'a BTreeMap<String, String>,
    top_errors: Vec<&'a str>,
    score_error: Option<&'a str>,
    options: Vec<ScoreOption>,
    why: &'a str,
    why_d: &'a str,
    why_p: &'a str,
    why_r: &'a str,
    /// Starts with a newline, which HTML drops, so a comment that itself
    /// starts with one keeps it.
    comment: String,
    comment_error: Option<&'a str>,
    comment_hint: String,
    max_comment: u32,
    questions: Vec<Question<'a>>,
}

/// The survey page: see [`SurveyForm`].
pub fn render_form(form: &SurveyForm<'_>) -> String {
    let definition = form.definition;
    let Some((lang, texts)) = texts_for(definition, form.language) else {
        return super::render_notice(super::Notice::Unavailable, form.language, form.script_nonce.as_deref());
    };
    let chrome = Chrome::for_language(lang);
    let selected = form.selected.and_then(|v| Score::new(i64::from(v)).ok());
    let band = |category| texts.why_for(Some(category));
    let error = |field: &str| form.errors.get(field).map(String::as_str);
    let questions: Vec<Question<'_>> = definition
        .questions
        .iter()
        .map(|q| {
            let words = texts.questions.get(&q.id);
            let value = form.answers.get(&q.id).map_or("", String::as_str);
            let (choices, max_length) = match &q.kind {
                QuestionKind::Choice { options } => {
                    let choices = options
                        .iter()
                        .map(|o| Choice {
                            value: o,
                            label: words.and_then(|w| w.options.get(o)).map_or(o.as_str(), String::as_str),
                            checked: value == o,
                        })
                        .collect();
                    (choices, 0)
                }
                QuestionKind::Text { max_length } => (Vec::new(), *max_length),
            };
            Question {
                id: &q.id,
                label: words.map_or(q.id.as_str(), |w| w.label.as_str()),
                required: q.required,
                error: error(&q.id),
                is_text: matches!(q.kind, QuestionKind::Text { .. }),
                choices,
                value,
                max_length,
                hint: chrome.max_chars_hint(max_length),
            }
        })
        .collect();
    let shown: Vec<&str> =
        ["score", "comment"].into_iter().chain(definition.questions.iter().map(|q| q.id.as_str())).collect();
    let body = FormBody {
        chrome,
        texts,
        action: &form.action,
        auto: form.autosubmit_score && selected.is_some() && !form.read_only,
        read_only: form.read_only,
        honeypot: form.honeypot && !form.read_only,
        hidden: &form.hidden,
        errors: &form.errors,
        top_errors: form
            .errors
            .iter()
            .filter(|(field, _)| !shown.contains(&field.as_str()))
            .map(|(_, message)| message.as_str())
            .collect(),
        score_error: error("score"),
        options: (0..=Score::MAX)
            .map(|value| ScoreOption {
                value,
                checked: selected.is_some_and(|s| s.value() == value),
                suffix: match value {
                    0 => format!(" – {}", chrome.not_likely),
                    Score::MAX => format!(" – {}", chrome.extremely_likely),
                    _ => String::new(),
                },
            })
            .collect(),
        why: texts.why_for(selected.map(Score::category)),
        why_d: band(vocal_domain::Category::Detractor),
        why_p: band(vocal_domain::Category::Passive),
        why_r: band(vocal_domain::Category::Promoter),
        comment: format!("\n{}", form.comment),
        comment_error: error("comment"),
        comment_hint: chrome.max_chars_hint(MAX_COMMENT_CHARS),
        max_comment: MAX_COMMENT_CHARS,
        questions,
    };
    let title = definition.brand.organisation.as_str();
    let shell = Shell::new(lang, title, Some(definition), form.script_nonce.as_deref(), render_or_apologise(&body));
    render_or_apologise(&if form.read_only { shell } else { shell.with_script() })
}
