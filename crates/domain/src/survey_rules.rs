//! The rules a survey definition must follow before it is stored. The API
//! and `vocal survey apply` both call [`SurveyDefinition::validate`], which
//! reports every problem at once with the path of its key, so a person can
//! fix a whole file in one pass instead of one error per attempt.

use std::collections::{BTreeMap, BTreeSet};

use crate::survey::{ExtraQuestion, QuestionKind, QuestionTexts, SurveyDefinition, SurveyError, SurveyTexts};

/// Longest survey name: it is shown in lists and tables.
pub const MAX_NAME_CHARS: usize = 200;
/// Longest text shown on the page (a question, label or thank-you).
pub const MAX_TEXT_CHARS: usize = 2_000;
/// The edit window may be at most a year.
pub const MAX_EDIT_WINDOW_HOURS: u32 = 8_760;
/// A page with more questions stops being a one-minute survey.
pub const MAX_EXTRA_QUESTIONS: usize = 20;
pub const MIN_CHOICE_OPTIONS: usize = 2;
pub const MAX_CHOICE_OPTIONS: usize = 20;
pub const MAX_TEXT_ANSWER_LENGTH: u32 = 10_000;

/// Names a response already has; an extra question's answer is stored as an
/// attribute named by its id, so it must not shadow one of these (the same
/// rule as for any custom attribute).
pub const RESERVED_QUESTION_IDS: &[&str] = &RESERVED_ATTRIBUTES;

/// Attribute names that queries would read as built-in fields.
pub const RESERVED_ATTRIBUTES: [&str; 19] = [
    "score",
    "comment",
    "channel",
    "touchpoint",
    "unit",
    "agent",
    "account",
    "source",
    "language",
    "survey",
    "contact",
    "contact_email",
    "submitted_at",
    "id",
    "day",
    "week",
    "month",
    "quarter",
    "year",
];

/// Collects problems so that one pass reports all of them.
#[derive(Default)]
pub(crate) struct Problems(Vec<SurveyError>);

impl Problems {
    pub(crate) fn add(&mut self, key: impl Into<String>, message: impl Into<String>) {
        self.0.push(SurveyError { key: key.into(), message: message.into() });
    }
}

impl SurveyDefinition {
    /// Every rule the definition breaks, each with its key path
    /// (`texts.fr.why`, `questions[1].id`); `Ok` when it may be stored.
    pub fn validate(&self) -> Result<(), Vec<SurveyError>> {
        let mut problems = Problems::default();
        if !is_slug(&self.slug) {
            problems.add("slug", "must be 1 to 64 characters of a-z, 0-9 and -");
        }
        check_text(&mut problems, "name", &self.name, MAX_NAME_CHARS);
        if self.edit_window_hours > MAX_EDIT_WINDOW_HOURS {
            problems.add("edit_window_hours", format!("must be from 0 to {MAX_EDIT_WINDOW_HOURS} (a year)"));
        }
        crate::survey_links::check(self, &mut problems);
        check_text(&mut problems, "brand.organisation", &self.brand.organisation, MAX_NAME_CHARS);
        if !is_colour(&self.brand.colour) {
            problems.add("brand.colour", "must be a colour like #1f6feb");
        }
        if let Some(logo) = &self.brand.logo {
            crate::survey_logo::check(logo, &mut problems);
        }
        check_questions(&self.questions, &mut problems);
        check_languages(self, &mut problems);
        if problems.0.is_empty() { Ok(()) } else { Err(problems.0) }
    }
}

/// `[a-z0-9-]{1,64}`: the shape of every slug (surveys, themes).
pub(crate) fn is_slug(slug: &str) -> bool {
    (1..=64).contains(&slug.len()) && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn is_colour(colour: &str) -> bool {
    colour.len() == 7 && colour.starts_with('#') && colour[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

/// `[a-z][a-z0-9_]{0,39}`: usable as an attribute name in queries and CSV headers.
pub fn is_question_id(id: &str) -> bool {
    let mut bytes = id.bytes();
    matches!(bytes.next(), Some(b'a'..=b'z'))
        && id.len() <= 40
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

fn is_usable_id(id: &str) -> bool {
    is_question_id(id) && !RESERVED_QUESTION_IDS.contains(&id)
}

/// A BCP 47 tag of the common shape: `en`, `pt-BR`, `zh-Hant`, `es-419`.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or_default();
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Shown to customers: present, printable, and of a sensible length.
fn check_text(problems: &mut Problems, key: &str, text: &str, max_chars: usize) {
    if text.trim().is_empty() {
        problems.add(key, "must not be empty");
    } else if text.chars().any(|c| c.is_control() && c != '\n') {
        problems.add(key, "must not contain control characters (only line breaks)");
    } else if text.chars().count() > max_chars {
        problems.add(key, format!("must be at most {max_chars} characters"));
    }
}

fn check_questions(questions: &[ExtraQuestion], problems: &mut Problems) {
    if questions.len() > MAX_EXTRA_QUESTIONS {
        problems.add("questions", format!("at most {MAX_EXTRA_QUESTIONS} extra questions"));
    }
    let mut seen = BTreeMap::new();
    for (index, question) in questions.iter().enumerate() {
        let key = format!("questions[{index}]");
        if !is_question_id(&question.id) {
            problems.add(format!("{key}.id"), "must start with a-z and be up to 40 characters of a-z, 0-9 and _");
        } else if !is_usable_id(&question.id) {
            problems.add(format!("{key}.id"), format!("{:?} is a response field; choose another id", question.id));
        } else if let Some(first) = seen.insert(question.id.as_str(), index) {
            problems.add(format!("{key}.id"), format!("{:?} is already the id of questions[{first}]", question.id));
        }
        match &question.kind {
            QuestionKind::Choice { options } => check_options(&format!("{key}.kind.options"), options, problems),
            QuestionKind::Text { max_length } => {
                if !(1..=MAX_TEXT_ANSWER_LENGTH).contains(max_length) {
                    problems
                        .add(format!("{key}.kind.max_length"), format!("must be from 1 to {MAX_TEXT_ANSWER_LENGTH}"));
                }
            }
        }
    }
}

fn check_options(key: &str, options: &[String], problems: &mut Problems) {
    if !(MIN_CHOICE_OPTIONS..=MAX_CHOICE_OPTIONS).contains(&options.len()) {
        problems.add(key, format!("a choice needs {MIN_CHOICE_OPTIONS} to {MAX_CHOICE_OPTIONS} options"));
    }
    let mut seen = BTreeSet::new();
    for (index, option) in options.iter().enumerate() {
        if !is_question_id(option) {
            problems.add(format!("{key}[{index}]"), "must start with a-z and be up to 40 characters of a-z, 0-9 and _");
        } else if !seen.insert(option.as_str()) {
            problems.add(format!("{key}[{index}]"), format!("{option:?} is listed twice"));
        }
    }
}

fn check_languages(survey: &SurveyDefinition, problems: &mut Problems) {
    if survey.texts.is_empty() {
        problems.add("texts", "the survey needs at least one language");
    } else if !survey.texts.contains_key(&survey.default_language) {
        let offered: Vec<&str> = survey.texts.keys().map(String::as_str).collect();
        problems.add(
            "default_language",
            format!("{:?} has no texts; the survey has {}", survey.default_language, offered.join(", ")),
        );
    }
    for (language, texts) in &survey.texts {
        let key = format!("texts.{language}");
        if !is_language_tag(language) {
            problems.add(&key, "is not a language tag like en, pt-BR or zh-Hant");
        }
        check_texts(&key, texts, &survey.questions, problems);
    }
}

fn check_texts(key: &str, texts: &SurveyTexts, questions: &[ExtraQuestion], problems: &mut Problems) {
    check_text(problems, &format!("{key}.question"), &texts.question, MAX_TEXT_CHARS);
    check_text(problems, &format!("{key}.why"), &texts.why, MAX_TEXT_CHARS);
    for (field, text) in [
        ("why_detractor", &texts.why_detractor),
        ("why_passive", &texts.why_passive),
        ("why_promoter", &texts.why_promoter),
    ] {
        if let Some(text) = text {
            check_text(problems, &format!("{key}.{field}"), text, MAX_TEXT_CHARS);
        }
    }
    check_text(problems, &format!("{key}.thank_you"), &texts.thank_you, MAX_TEXT_CHARS);
    // A question whose id is refused already is not also reported as
    // unlabelled in every language.
    for question in questions.iter().filter(|q| is_usable_id(&q.id)) {
        if !texts.questions.contains_key(&question.id) {
            problems.add(format!("{key}.questions.{}", question.id), "the question has no label in this language");
        }
    }
    for (id, labels) in &texts.questions {
        let key = format!("{key}.questions.{id}");
        match questions.iter().find(|q| &q.id == id) {
            None => problems.add(key, format!("there is no question {id:?}")),
            Some(question) => check_labels(&key, question, labels, problems),
        }
    }
}

fn check_labels(key: &str, question: &ExtraQuestion, labels: &QuestionTexts, problems: &mut Problems) {
    check_text(problems, &format!("{key}.label"), &labels.label, MAX_TEXT_CHARS);
    let options: &[String] = match &question.kind {
        QuestionKind::Choice { options } => options,
        QuestionKind::Text { .. } => &[],
    };
    for option in options {
        match labels.options.get(option) {
            None => problems.add(format!("{key}.options.{option}"), "the option has no label in this language"),
            Some(label) => check_text(problems, &format!("{key}.options.{option}"), label, MAX_TEXT_CHARS),
        }
    }
    for option in labels.options.keys().filter(|o| !options.contains(o)) {
        problems.add(format!("{key}.options.{option}"), format!("question {:?} has no option {option:?}", question.id));
    }
}

#[cfg(test)]
#[path = "survey_rules_tests.rs"]
mod tests;
