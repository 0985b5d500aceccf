//! The audit log's one writer for changes people make: who (the signed-in
//! user, `cli` for the command line, `api key NAME` for the API), what (`unit.rename`), to what
//! (`Top/East`) and before → after.

use vocal_domain::OrgId;
use vocal_store::{NewAuditEntry, Store, StoreError, User};

/// Who made a change: a signed-in person, or whoever ran a `vocal` command
/// on the server (the command line has no user, only its organisation).
#[derive(Debug, Clone, Copy)]
pub enum Actor<'a> {
    Person(&'a User),
    CommandLine(OrgId),
    /// An integration through the API, by its key's name.
    ApiKey {
        org: OrgId,
        name: &'a str,
    },
}

impl Actor<'_> {
    pub fn org(&self) -> OrgId {
        match self {
            Actor::Person(user) => user.org_id,
            Actor::CommandLine(org) | Actor::ApiKey { org, .. } => *org,
        }
    }

    /// The person, when a person acted (`None` for the command line).
    pub fn person(&self) -> Option<&User> {
        match self {
            Actor::Person(user) => Some(user),
            Actor::CommandLine(_) | Actor::ApiKey { .. } => None,
        }
    }

    /// How the actor is written in the log: the person's email, `cli`, or `api key NAME`.
    pub fn label(&self) -> String {
        match self {
            Actor::Person(user) => user.email.to_string(),
            Actor::CommandLine(_) => "cli".to_string(),
            Actor::ApiKey { name, .. } => format!("api key {name}"),
        }
    }
}

impl<'a> From<&'a User> for Actor<'a> {
    fn from(user: &'a User) -> Self {
        Actor::Person(user)
    }
}

/// Records one change `actor` made in their organisation.
///
/// The store has no "change and its entry in one transaction" method yet,
/// so a use case stores the change first and then calls this: a failure
/// here leaves the change made but unlogged, which the error reports.
pub async fn record<S: Store>(
    store: &S,
    actor: impl Into<Actor<'_>>,
    action: &str,
    subject: impl Into<String>,
    detail: impl Into<String>,
) -> Result<(), StoreError> {
    let actor = actor.into();
    let entry = NewAuditEntry {
        actor_id: actor.person().map(|user| user.id),
        actor: actor.label(),
        action: action.to_string(),
        subject: subject.into(),
        detail: detail.into(),
    };
    store.record_audit(actor.org(), entry).await.map(|_| ())
}
