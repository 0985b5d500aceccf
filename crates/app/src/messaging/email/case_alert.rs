//! The alert a case's owner receives: what the customer said, who they are,
//! where and when, what is due, and a link to the case — in the owner's
//! language. The same facts, cut short, make the SMS ([`sms_text`]).
//!
//! Everything here but the labels comes from outside (a customer's comment
//! and name, unit paths from imports): the HTML template escapes it, and the
//! subject is made one line so no value can start a header of its own.

use askama::Template;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use vocal_domain::{Category, Score};
use vocal_store::PreviousAnswer;

use super::alert_texts::{AlertTexts, fill, texts_for};
use super::{MailError, Message};

/// The longest an SMS alert may be: two concatenated SMS parts.
pub const SMS_MAX_CHARS: usize = 320;

/// Everything an alert says about one case, whoever receives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseSummary {
    pub organisation: String,
    /// The organisation's IANA zone: deadlines are shown in it.
    pub time_zone: String,
    pub case_id: i64,
    /// `{public_url}/cases/{case_id}`.
    pub link: String,
    pub score: Score,
    pub comment: Option<String>,
    pub customer_name: Option<String>,
    pub customer_email: Option<String>,
    pub customer_phone: Option<String>,
    /// The unit's path, `Acme Support / Berlin`.
    pub unit: Option<String>,
    pub agent: Option<String>,
    pub channel: Option<String>,
    pub touchpoint: Option<String>,
    pub rules: Vec<String>,
    pub submitted_at_ms: i64,
    pub opened_at_ms: i64,
    pub first_contact_due_ms: i64,
    pub resolve_due_ms: i64,
    /// The customer's earlier answers, newest first.
    pub previous: Vec<PreviousAnswer>,
}

/// Why the mail is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AlertPurpose {
    /// A case was opened for the recipient.
    Opened,
    /// The case was overdue and is now the recipient's; `from` is who had it.
    EscalatedToYou { from: Option<String> },
    /// The recipient's overdue case went to `to`.
    EscalatedAway { to: String },
    /// Someone (`by`) handed the case to the recipient.
    Reassigned { by: String },
}

/// One alert to one person, in their language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseAlert {
    pub summary: CaseSummary,
    pub purpose: AlertPurpose,
    /// Who receives it, as greeted.
    pub recipient_name: String,
    /// A tag from `alert_texts::LANGUAGES`; an unknown one is English.
    pub language: String,
}

/// One labelled fact of the alert's table.
struct Fact<'a> {
    label: &'a str,
    value: String,
}

struct PreviousLine {
    date: String,
    score: u8,
    comment: String,
}

/// What the text and the HTML alert both say.
struct AlertBody<'a> {
    greeting: &'a str,
    intro: &'a str,
    facts: &'a [Fact<'a>],
    comment_label: &'a str,
    comment: &'a str,
    previous_label: &'a str,
    previous: &'a [PreviousLine],
    no_previous: &'a str,
    open_case: &'a str,
    link: &'a str,
    footer: &'a str,
}

#[derive(Template)]
#[template(path = "email/case_alert.txt")]
struct CaseAlertText<'a>(&'a AlertBody<'a>);

#[derive(Template)]
#[template(path = "email/case_alert.html")]
struct CaseAlertHtml<'a> {
    subject: &'a str,
    organisation: &'a str,
    lang: &'a str,
    body: &'a AlertBody<'a>,
}

// The templates read the body's fields as their own.
impl<'a> std::ops::Deref for CaseAlertText<'a> {
    type Target = AlertBody<'a>;
    fn deref(&self) -> &AlertBody<'a> {
        self.0
    }
}

impl<'a> std::ops::Deref for CaseAlertHtml<'a> {
    type Target = AlertBody<'a>;
    fn deref(&self) -> &AlertBody<'a> {
        self.body
    }
}

impl CaseAlert {
    /// Renders subject, text and HTML for `to`.
    pub(super) fn message(&self, to: &str) -> Result<Message, MailError> {
        let t = texts_for(&self.language);
        let s = &self.summary;
        let subject = one_line(&subject(s, &self.purpose, t));
        let greeting = fill(t.greeting, &[("name", self.recipient_name.as_str())]);
        let intro = intro(s, &self.purpose, t);
        let facts = facts(s, t);
        let comment = s.comment.as_deref().map(str::trim).filter(|c| !c.is_empty()).unwrap_or(t.no_comment);
        let previous: Vec<PreviousLine> = s
            .previous
            .iter()
            .map(|p| PreviousLine {
                date: format_ms(p.submitted_at_ms, &s.time_zone, t.date_format),
                score: p.score.value(),
                comment: p.comment.clone().unwrap_or_default(),
            })
            .collect();
        let footer = fill(t.footer, &[("organisation", s.organisation.as_str())]);
        let body = AlertBody {
            greeting: &greeting,
            intro: &intro,
            facts: &facts,
            comment_label: t.comment,
            comment,
            previous_label: t.previous_answers,
            previous: &previous,
            no_previous: t.no_previous_answers,
            open_case: t.open_case,
            link: &s.link,
            footer: &footer,
        };
        let text = CaseAlertText(&body).render()?;
        let html =
            CaseAlertHtml { subject: &subject, organisation: &s.organisation, lang: t.code, body: &body }.render()?;
        Ok(Message { to: to.into(), subject, text, html, secret: None, reply_to: None, case_id: None })
    }
}

/// The text of an SMS alert in `language`: the subject line, the comment as
/// far as it fits, and the case link; at most [`SMS_MAX_CHARS`] characters.
/// It carries no secret: the link asks its holder to sign in.
pub fn sms_text(summary: &CaseSummary, language: &str) -> String {
    let t = texts_for(language);
    let head = one_line(&subject(summary, &AlertPurpose::Opened, t));
    let link = one_line(&summary.link);
    let comment = one_line(summary.comment.as_deref().unwrap_or(""));
    let fixed = head.chars().count() + link.chars().count() + 1;
    let room = SMS_MAX_CHARS.saturating_sub(fixed);
    let quoted = match comment.chars().count() {
        0 => String::new(),
        // ` “…”` takes 3 characters besides the comment (and 1 for `…` when cut).
        n if n + 3 <= room => format!(" “{comment}”"),
        _ if room > 5 => format!(" “{}…”", comment.chars().take(room - 4).collect::<String>()),
        _ => String::new(),
    };
    let text = format!("{head}{quoted} {link}");
    // A head or link longer than an SMS (a huge unit path) is cut too.
    text.chars().take(SMS_MAX_CHARS).collect()
}

fn band(score: Score, t: &AlertTexts) -> &'static str {
    match score.category() {
        Category::Detractor => t.detractor,
        Category::Passive => t.passive,
        Category::Promoter => t.promoter,
    }
}

fn subject(s: &CaseSummary, purpose: &AlertPurpose, t: &AlertTexts) -> String {
    let score = s.score.value().to_string();
    let place = s.unit.as_deref().unwrap_or(&s.organisation);
    let hours = ((s.first_contact_due_ms - s.opened_at_ms).max(0) as f64 / 3_600_000.0).round().to_string();
    let values: [(&str, &str); 4] =
        [("band", band(s.score, t)), ("score", score.as_str()), ("place", place), ("hours", hours.as_str())];
    match purpose {
        AlertPurpose::Opened => fill(t.subject_opened, &values),
        AlertPurpose::EscalatedToYou { .. } => fill(t.subject_escalated_to_you, &values),
        AlertPurpose::EscalatedAway { to } => {
            fill(t.subject_escalated_away, &[values[0], values[1], values[2], ("new_owner", to.as_str())])
        }
        AlertPurpose::Reassigned { by } => {
            fill(t.subject_reassigned, &[values[0], values[1], values[2], ("by", by.as_str())])
        }
    }
}

fn intro(s: &CaseSummary, purpose: &AlertPurpose, t: &AlertTexts) -> String {
    match purpose {
        AlertPurpose::Opened => {
            let score = s.score.value().to_string();
            fill(t.intro_opened, &[("score", score.as_str()), ("band", band(s.score, t))])
        }
        AlertPurpose::EscalatedToYou { from: Some(from) } => {
            fill(t.intro_escalated_to_you, &[("previous_owner", from.as_str())])
        }
        AlertPurpose::EscalatedToYou { from: None } => t.intro_escalated_unowned.to_string(),
        AlertPurpose::EscalatedAway { to } => fill(t.intro_escalated_away, &[("new_owner", to.as_str())]),
        AlertPurpose::Reassigned { by } => fill(t.intro_reassigned, &[("by", by.as_str())]),
    }
}

fn facts<'a>(s: &CaseSummary, t: &'a AlertTexts) -> Vec<Fact<'a>> {
    let customer: Vec<&str> = [&s.customer_name, &s.customer_email, &s.customer_phone]
        .into_iter()
        .filter_map(|v| v.as_deref().map(str::trim).filter(|v| !v.is_empty()))
        .collect();
    let customer = if customer.is_empty() { t.unknown_customer.to_string() } else { customer.join(", ") };
    let mut facts = vec![
        Fact { label: t.score, value: format!("{}/10 ({})", s.score.value(), band(s.score, t)) },
        Fact { label: t.customer, value: customer },
    ];
    let optional = [(t.unit, &s.unit), (t.agent, &s.agent), (t.touchpoint, &s.touchpoint), (t.channel, &s.channel)];
    for (label, value) in optional {
        if let Some(value) = value.as_deref().filter(|v| !v.trim().is_empty()) {
            facts.push(Fact { label, value: value.to_string() });
        }
    }
    facts.extend([
        Fact { label: t.rules, value: s.rules.join(", ") },
        Fact { label: t.answered, value: format_ms(s.submitted_at_ms, &s.time_zone, t.date_time_format) },
        Fact { label: t.first_contact_by, value: format_ms(s.first_contact_due_ms, &s.time_zone, t.date_time_format) },
        Fact { label: t.resolve_by, value: format_ms(s.resolve_due_ms, &s.time_zone, t.date_time_format) },
    ]);
    facts
}

/// `ms` in the zone `zone` (UTC when it is unknown), as `format` says.
fn format_ms(ms: i64, zone: &str, format: &str) -> String {
    let tz = TimeZone::get(zone).unwrap_or(TimeZone::UTC);
    match Timestamp::from_millisecond(ms) {
        Ok(at) => at.to_zoned_datetime(tz).strftime(format).to_string(),
        Err(_) => ms.to_string(),
    }
}

/// `text` on one line: every control character (CR, LF, tab, and the
/// Unicode line and paragraph separators) becomes a space, runs of spaces
/// one. For subjects and SMS, where a line break would end the value.
pub fn one_line(text: &str) -> String {
    let spaced: String =
        text.chars().map(|c| if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') { ' ' } else { c }).collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}
