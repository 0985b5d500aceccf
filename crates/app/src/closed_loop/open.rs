//! One changed response against the rules: a note on its case when it has
//! one, else a case when any rule matches, owned by whom routing finds.

use std::collections::BTreeMap;

use vocal_domain::OrgId;
use vocal_domain::alerts::routing::route;
use vocal_domain::alerts::{AlertRule, AlertRules, DEFAULT_WINDOW_DAYS, ResponseFacts, Route, Sla};
use vocal_domain::cases::{DueTimes, FOLLOW_UP_ATTRIBUTE};
use vocal_store::{CaseOpening, NewCase, ResponseRecord, Store, StoreError};

use super::alert::Alerting;
use super::backstop::{ALERT_BACKSTOP_MS, tell_of_opened_case};
use super::evaluate::Organisation;

/// Comments quoted in events are cut here (the response keeps all of it).
const QUOTE_CHARS: usize = 300;

pub(crate) enum Outcome {
    Opened,
    Noted,
    Nothing,
}

pub(crate) async fn evaluate_response<S: Store>(
    store: &S,
    alerting: &Alerting,
    org: OrgId,
    rules: &AlertRules,
    organisation: &Organisation,
    record: &ResponseRecord,
    now_ms: i64,
) -> Result<Outcome, StoreError> {
    let response = &record.indexed;
    // An answer to a case's follow-up survey records the recovery there.
    if response.attributes.contains_key(FOLLOW_UP_ATTRIBUTE) {
        let recorded = super::follow_up::record_follow_up(store, org, record, now_ms).await?;
        return Ok(if recorded { Outcome::Noted } else { Outcome::Nothing });
    }
    if let Some(case) = store.case_for_response(org, response.id).await? {
        // Never a second case: an edited answer is noted on the open one.
        let changed = case.state.is_open() && response.seq > case.response_seq;
        if changed && store.note_response_change(org, case.id, response.seq, &edited_note(record)).await? {
            return Ok(Outcome::Noted);
        }
        return Ok(Outcome::Nothing);
    }
    if rules.praise && now_ms - response.submitted_at_ms <= i64::from(DEFAULT_WINDOW_DAYS) * 86_400_000 {
        // Praise is told, never a reason to stop evaluating.
        let praised = super::praise::enqueue_praise(store, &alerting.mailer, &alerting.public_url, org, record).await;
        if let Err(error) = praised {
            tracing::error!(response = response.id.0, %error, "praise could not be queued");
        }
    }
    let contact = match record.contact_id {
        Some(id) if rules.need_contact() => store.contact(org, id).await?,
        _ => None,
    };
    let previous_score = match record.contact_id {
        Some(id) if rules.need_previous_score() => {
            store.previous_score(org, id, response.id, response.submitted_at_ms).await?
        }
        _ => None,
    };
    let no_attributes = BTreeMap::new();
    let contact_attributes = contact.as_ref().map_or(&no_attributes, |c| &c.details.attributes);
    let facts = ResponseFacts {
        score: response.score,
        previous_score,
        comment: record.comment.as_deref(),
        channel: response.channel.as_deref(),
        touchpoint: response.touchpoint.as_deref(),
        unit: response.unit_id,
        response_attributes: &response.attributes,
        contact_attributes,
        submitted_at_ms: response.submitted_at_ms,
    };
    let matched = rules.matching(&facts, &organisation.units, now_ms);
    if matched.is_empty() {
        return Ok(Outcome::Nothing);
    }
    // The first matching rule with routing of its own decides the owner.
    let rule_route = matched.iter().map(|r| &r.route).find(|r| **r != Route::default()).cloned().unwrap_or_default();
    let owners = route(
        &rule_route,
        response.unit_id,
        [&response.attributes, contact_attributes],
        &organisation.people,
        &organisation.units,
    );
    let sla = Sla::strictest(matched.iter().map(|r| &r.sla)).unwrap_or_default();
    // Validated when applied, so a calendar that does not build is not stored.
    let calendar = rules.business_hours.as_ref().and_then(|hours| hours.calendar().ok());
    let due = DueTimes::from_sla(sla, now_ms, calendar.as_ref());
    let case = NewCase {
        response_id: response.id,
        response_seq: response.seq,
        unit_id: response.unit_id,
        owner: owners.users.first().copied(),
        routed_by: owners.routed_by.as_str().into(),
        rules: matched.iter().map(|r| r.name.clone()).collect(),
        first_contact_due_ms: due.first_contact_ms,
        resolve_due_ms: due.resolve_ms,
        opened_note: opened_note(record, &matched),
        opened_at_ms: now_ms,
        alert_backstop_at_ms: Some(now_ms + ALERT_BACKSTOP_MS),
    };
    match store.open_case(org, case).await? {
        CaseOpening::Opened(case) => {
            tell_of_opened_case(store, alerting, &case).await;
            Ok(Outcome::Opened)
        }
        CaseOpening::AlreadyOpen(_) => Ok(Outcome::Nothing),
    }
}

fn opened_note(record: &ResponseRecord, matched: &[&AlertRule]) -> String {
    let names: Vec<&str> = matched.iter().map(|r| r.name.as_str()).collect();
    format!("Opened: score {}/10{}; rules: {}", record.indexed.score.value(), quoted(record), names.join(", "))
}

fn edited_note(record: &ResponseRecord) -> String {
    format!("The customer changed their answer: score {}/10{}", record.indexed.score.value(), quoted(record))
}

fn quoted(record: &ResponseRecord) -> String {
    match record.comment.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        Some(comment) if comment.chars().count() > QUOTE_CHARS => {
            format!(", “{}…”", comment.chars().take(QUOTE_CHARS).collect::<String>())
        }
        Some(comment) => format!(", “{comment}”"),
        None => String::new(),
    }
}
