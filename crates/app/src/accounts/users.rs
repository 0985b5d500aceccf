//! People who sign in: creating them with the unit or agent their role is
//! scoped to, setting passwords, disabling them. The CLI and the admins'
//! pages share these checks, so both refuse the same accounts.

use rand::TryRngCore;
use vocal_domain::{AgentId, Email, OrgId, Role, UnitId, UnitPath, UnitTree};
use vocal_store::{Agent, NewUser, Store, StoreError, User, UserChange};

use crate::accounts::passwords::{PasswordError, hash_password};

/// A user as an admin describes them, not yet checked: [`validate`] parses
/// every field (the email into an [`Email`]) and names the one at fault.
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub email: String,
    pub name: String,
    pub role: Role,
    /// The subtree a manager sees (required for managers, refused for others).
    pub unit: Option<UnitPath>,
    /// The agent whose feedback an agent user sees (required for agents, refused for others).
    pub agent: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("{field}: {message}")]
    Invalid { field: &'static str, message: String },
    /// The change as a whole is refused (not one field), e.g. disabling yourself.
    #[error("{0}")]
    Refused(&'static str),
    /// No such user in this organisation.
    #[error("no such user")]
    NotFound,
    #[error(transparent)]
    Password(#[from] PasswordError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub(crate) fn invalid(field: &'static str, message: impl Into<String>) -> AccountError {
    AccountError::Invalid { field, message: message.into() }
}

/// A user's fields checked against the organisation, ready to store: what
/// both creating a user and an admin's edit need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidAccount {
    /// Lower case, as users sign in with it.
    pub email: Email,
    pub name: String,
    pub role: Role,
    pub unit_id: Option<UnitId>,
    pub agent_id: Option<AgentId>,
}

impl ValidAccount {
    /// The change an edit stores (the email stays: it is how they sign in).
    pub fn change(&self) -> UserChange {
        UserChange { name: self.name.clone(), role: self.role, unit_id: self.unit_id, agent_id: self.agent_id }
    }

    pub(crate) fn new_user(self) -> NewUser {
        NewUser { email: self.email, name: self.name, role: self.role, unit_id: self.unit_id, agent_id: self.agent_id }
    }
}

/// Checks every field and finds the unit and agent: a manager needs a unit,
/// an agent user an agent, and nobody else may have either.
pub async fn validate<S: Store>(store: &S, org: OrgId, account: &NewAccount) -> Result<ValidAccount, AccountError> {
    let email = Email::parse(&account.email).map_err(|e| invalid("email", e.to_string()))?;
    let name = account.name.trim().to_string();
    if name.is_empty() || name.chars().count() > 200 || name.chars().any(char::is_control) {
        return Err(invalid("name", "a name of 1 to 200 characters on one line"));
    }
    let unit_id = match (&account.unit, account.role) {
        (Some(path), Role::Manager) => {
            let tree = UnitTree::new(store.list_units(org).await?);
            Some(tree.find(path).ok_or_else(|| invalid("unit", format!("no unit {path} in this organisation")))?)
        }
        (None, Role::Manager) => return Err(invalid("unit", "a manager needs the unit they manage")),
        (Some(_), _) => return Err(invalid("unit", "only managers are scoped to a unit")),
        (None, _) => None,
    };
    let agent_id = match (&account.agent, account.role) {
        (Some(agent), Role::Agent) => {
            let agents = store.list_agents(org).await?;
            let found = agents.iter().find(|a| a.name == *agent);
            Some(found.ok_or_else(|| invalid("agent", format!("no agent {agent:?} in this organisation")))?.id)
        }
        (None, Role::Agent) => return Err(invalid("agent", "an agent user needs the agent whose feedback they see")),
        (Some(_), _) => return Err(invalid("agent", "only agent users are tied to an agent")),
        (None, _) => None,
    };
    Ok(ValidAccount { email, name, role: account.role, unit_id, agent_id })
}

/// Creates the user and sets their password: the one given, or a new random
/// one that is returned (to be shown once).
pub async fn create<S: Store>(
    store: &S,
    org: OrgId,
    account: NewAccount,
    password: Option<String>,
) -> Result<(User, Option<String>), AccountError> {
    let valid = validate(store, org, &account).await?;
    let (password, generated) = match password {
        Some(given) => (given, None),
        None => {
            let new = random_password();
            (new.clone(), Some(new))
        }
    };
    // Hashed before anything is stored, so a refused password stores no user.
    let hash = hash_password(password).await?;
    let user = store_user(store, org, valid).await?;
    store.set_user_password(org, user.id, Some(&hash)).await?;
    Ok((user, generated))
}

/// Creates the user without a password: they choose one through the
/// invitation link an admin's page sends them.
pub async fn create_invited<S: Store>(store: &S, org: OrgId, account: NewAccount) -> Result<User, AccountError> {
    let valid = validate(store, org, &account).await?;
    store_user(store, org, valid).await
}

/// A taken email is the person's mistake, named on its field.
async fn store_user<S: Store>(store: &S, org: OrgId, valid: ValidAccount) -> Result<User, AccountError> {
    match store.create_user(org, valid.new_user()).await {
        Err(StoreError::Conflict { .. }) => Err(invalid("email", "a user with this email exists already")),
        other => Ok(other?),
    }
}

/// 120 random bits as 24 letters and digits in groups, easy to copy.
pub(crate) fn random_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 24];
    rand::rngs::OsRng.try_fill_bytes(&mut bytes).expect("the operating system's random source failed");
    let chars: Vec<char> = bytes.iter().map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char).collect();
    chars.chunks(6).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

/// The user with this email in `org`, or the email field's error.
pub async fn find_by_email<S: Store>(store: &S, org: OrgId, email: &Email) -> Result<User, AccountError> {
    let found = store.users_by_email(email).await?.into_iter().find(|u| u.org_id == org);
    found.ok_or_else(|| invalid("email", format!("no user {email} in this organisation")))
}

/// The unit tree and agents of an organisation: to name what a user sees,
/// in the audit log and on the admins' pages alike.
pub struct ScopeNames {
    pub tree: UnitTree,
    pub agents: Vec<Agent>,
}

impl ScopeNames {
    pub async fn load<S: Store>(store: &S, org: OrgId) -> Result<ScopeNames, StoreError> {
        Ok(ScopeNames { tree: UnitTree::new(store.list_units(org).await?), agents: store.list_agents(org).await? })
    }

    pub fn agent(&self, id: AgentId) -> String {
        self.agents.iter().find(|a| a.id == id).map_or_else(|| format!("agent {}", id.0), |a| a.name.clone())
    }

    /// What a user sees: a unit, an agent's feedback, or everything.
    pub fn scope(&self, unit: Option<UnitId>, agent: Option<AgentId>) -> String {
        match (unit, agent) {
            (Some(unit), _) => self.tree.path(unit),
            (_, Some(agent)) => self.agent(agent),
            _ => "everything".into(),
        }
    }

    /// "Name (role, scope)": a user's account as the audit log shows it.
    pub fn describe(&self, change: &UserChange) -> String {
        format!("{} ({}, {})", change.name, change.role, self.scope(change.unit_id, change.agent_id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_passwords_are_long_and_differ() {
        let (a, b) = (random_password(), random_password());
        assert_ne!(a, b);
        assert_eq!(a.len(), 24 + 3);
        assert!(a.split('-').all(|g| g.len() == 6 && g.chars().all(|c| c.is_ascii_alphanumeric())));
    }
}
