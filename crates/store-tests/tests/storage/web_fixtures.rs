//! Builders for the web app's records: users, sessions, links and the unit
//! hierarchy written as paths.

use vocal_domain::{OrgId, Role, UnitTree, UserId};
use vocal_store::{LinkPurpose, NewUser, NewUserLink, SessionRecord, Store, User};

/// An analyst with this email and no scope.
pub async fn new_user<S: Store>(store: &S, org: OrgId, email: &str) -> User {
    let user = NewUser {
        email: crate::fixtures::email(email),
        name: "N".into(),
        role: Role::Analyst,
        unit_id: None,
        agent_id: None,
    };
    store.create_user(org, user).await.expect("the user is created")
}

/// A 32-byte hash that differs for each `n`.
pub fn hash(n: u8) -> [u8; 32] {
    [n; 32]
}

/// A session for `user` (or for nobody), with hash `hash(n)`.
pub fn session(n: u8, user: Option<&User>, expires_at_ms: i64) -> SessionRecord {
    SessionRecord {
        id_hash: hash(n),
        org_id: user.map(|u| u.org_id),
        user_id: user.map(|u| u.id),
        data: format!("{{\"n\":{n}}}"),
        expires_at_ms,
    }
}

pub fn link(n: u8, user: &User, purpose: LinkPurpose, expires_at_ms: i64) -> NewUserLink {
    NewUserLink { org_id: user.org_id, user_id: user.id, purpose, token_hash: hash(n), expires_at_ms }
}

/// Every unit of `org` as its path from the top, sorted.
pub async fn unit_paths<S: Store>(store: &S, org: OrgId) -> Vec<String> {
    let units = store.list_units(org).await.expect("units are listed");
    let ids: Vec<_> = units.iter().map(|u| u.id).collect();
    let tree = UnitTree::new(units);
    let mut paths: Vec<String> = ids.into_iter().map(|id| tree.path(id)).collect();
    paths.sort();
    paths
}

pub async fn password_of<S: Store>(store: &S, org: OrgId, user: UserId) -> Option<String> {
    store.user_password_hash(org, user).await.expect("the hash is read")
}
