//! What an alert says about a case, gathered from the store: the response,
//! its contact and their earlier answers, the unit's path, the organisation.

use vocal_domain::UnitTree;
use vocal_store::{Case, Store, StoreError};

use crate::messaging::email::CaseSummary;

/// How many of the customer's earlier answers an alert shows.
pub const PREVIOUS_ANSWERS: i64 = 5;

/// The link to a case's page.
pub fn case_link(public_url: &str, case: &Case) -> String {
    format!("{}/cases/{}", public_url.trim_end_matches('/'), case.id.0)
}

/// Everything an alert about `case` shows, read now.
pub async fn case_summary<S: Store>(store: &S, public_url: &str, case: &Case) -> Result<CaseSummary, StoreError> {
    let org = case.org_id;
    let organisation =
        store.list_orgs().await?.into_iter().find(|o| o.id == org).ok_or(StoreError::NotFound("organisation"))?;
    let record =
        store.responses_by_ids(org, &[case.response_id]).await?.pop().ok_or(StoreError::NotFound("response"))?;
    let response = &record.indexed;
    let contact = match record.contact_id {
        Some(id) => store.contact(org, id).await?,
        None => None,
    };
    let previous = match record.contact_id {
        Some(id) => store.previous_answers(org, id, response.id, response.submitted_at_ms, PREVIOUS_ANSWERS).await?,
        None => Vec::new(),
    };
    let unit = match response.unit_id {
        Some(unit) => Some(UnitTree::new(store.list_units(org).await?).path(unit)),
        None => None,
    };
    let details = contact.map(|c| c.details);
    let customer_email = details.as_ref().and_then(|d| d.email.clone()).or(record.contact_email.clone());
    Ok(CaseSummary {
        organisation: organisation.name,
        time_zone: organisation.time_zone,
        case_id: case.id.0,
        link: case_link(public_url, case),
        score: response.score,
        comment: record.comment.clone(),
        customer_name: details.as_ref().and_then(|d| d.name.clone()),
        customer_email: customer_email.map(|e| e.to_string()),
        customer_phone: details.as_ref().and_then(|d| d.phone.as_ref()).map(|p| p.as_str().to_string()),
        unit,
        agent: record.agent_name.clone(),
        channel: response.channel.clone(),
        touchpoint: response.touchpoint.clone(),
        rules: case.rules.clone(),
        submitted_at_ms: response.submitted_at_ms,
        opened_at_ms: case.opened_at_ms,
        first_contact_due_ms: case.first_contact_due_ms,
        resolve_due_ms: case.resolve_due_ms,
        previous,
    })
}
