//! Praise: "celebrate great calls". When the organisation opts in (`praise
//! = true` in its rules), a promoter's answer with a comment about an agent
//! goes to that agent (their Vocal user, if they have one) and to the
//! nearest manager of the agent's team, by mail through the job queue. The
//! agent's coaching page shows the same comments under "praise".

use vocal_domain::alerts::routing::{Person, nearest_managers};
use vocal_domain::{Category, OrgId, Role, UnitTree, UserId};
use vocal_store::{ResponseRecord, Store, User};

use crate::messaging::email::{Mail, MailError, Mailer, PraiseMail};

/// Who is told of praise for the response's agent: their agent users, then
/// the managers nearest above the response's unit (each once).
pub fn praise_recipients(record: &ResponseRecord, users: &[User], units: &UnitTree) -> Vec<(UserId, bool)> {
    let Some(agent) = record.indexed.agent_id else { return Vec::new() };
    let mut recipients: Vec<(UserId, bool)> = users
        .iter()
        .filter(|u| !u.disabled && u.role == Role::Agent && u.agent_id == Some(agent))
        .map(|u| (u.id, false))
        .collect();
    let people: Vec<Person> = users
        .iter()
        .map(|u| Person { id: u.id, email: u.email.clone(), role: u.role, unit: u.unit_id, active: !u.disabled })
        .collect();
    if let Some((_, managers)) = record.indexed.unit_id.and_then(|unit| nearest_managers(unit, &people, units)) {
        for manager in managers {
            if !recipients.iter().any(|(r, _)| *r == manager) {
                recipients.push((manager, true));
            }
        }
    }
    recipients
}

/// Whether the answer is praise to pass on: a promoter with words, about an agent.
pub fn is_praise(record: &ResponseRecord) -> bool {
    record.indexed.score.category() == Category::Promoter
        && record.indexed.agent_id.is_some()
        && record.comment.as_deref().is_some_and(|c| !c.trim().is_empty())
}

/// Queues the praise mails for one answer, once per response however
/// often it is edited or evaluated (claimed in the database first, so a
/// process dying mid-way loses that praise rather than sending it twice);
/// the number queued.
pub async fn enqueue_praise<S: Store>(
    store: &S,
    mailer: &Mailer,
    public_url: &str,
    org: OrgId,
    record: &ResponseRecord,
) -> Result<usize, MailError> {
    if !is_praise(record) || !store.claim_praise(org, record.indexed.id, crate::now_ms()).await? {
        return Ok(0);
    }
    let users = store.list_users(org).await?;
    let units = UnitTree::new(store.list_units(org).await?);
    let organisation = store.list_orgs().await?.into_iter().find(|o| o.id == org).map(|o| o.name).unwrap_or_default();
    let agent_id = record.indexed.agent_id.map_or(0, |a| a.0);
    let mut queued = 0;
    for (id, for_manager) in praise_recipients(record, &users, &units) {
        let Some(user) = users.iter().find(|u| u.id == id) else { continue };
        let mail = Mail::Praise(PraiseMail {
            organisation: organisation.clone(),
            name: user.name.clone(),
            agent: record.agent_name.clone().unwrap_or_default(),
            score: record.indexed.score.value(),
            unit: record.indexed.unit_id.filter(|&u| units.get(u).is_some()).map(|u| units.path(u)).unwrap_or_default(),
            comment: record.comment.clone().unwrap_or_default(),
            link: format!("{}/agents/{agent_id}", public_url.trim_end_matches('/')),
            for_manager,
        });
        mailer.queue(store, org, &mail.message(user.email.as_str())?).await?;
        queued += 1;
    }
    Ok(queued)
}

#[cfg(test)]
#[path = "praise_tests.rs"]
mod tests;
