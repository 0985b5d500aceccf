use std::future::Future;

use vocal_domain::{Email, OrgId, UserId};

use crate::{ApiKeyRecord, NewApiKey, NewUser, StoreResult, User, UserChange};

/// Who may use Vocal: users who sign in, and API keys.
pub trait Accounts {
    fn create_user(&self, org: OrgId, user: NewUser) -> impl Future<Output = StoreResult<User>> + Send;
    fn list_users(&self, org: OrgId) -> impl Future<Output = StoreResult<Vec<User>>> + Send;
    fn user(&self, org: OrgId, id: UserId) -> impl Future<Output = StoreResult<Option<User>>> + Send;
    /// Users with this email (lower case) in any organisation, for signing in.
    fn users_by_email(&self, email: &Email) -> impl Future<Output = StoreResult<Vec<User>>> + Send;
    /// Changes a user's name, role and scope; whether the user exists in `org`.
    fn update_user(&self, org: OrgId, id: UserId, change: UserChange)
    -> impl Future<Output = StoreResult<bool>> + Send;
    /// Sets (or, with `None`, clears) a user's password hash; whether the user exists in `org`.
    fn set_user_password(
        &self,
        org: OrgId,
        user: UserId,
        password_hash: Option<&str>,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    /// The stored password hash (a PHC string), if the user has one.
    fn user_password_hash(&self, org: OrgId, user: UserId) -> impl Future<Output = StoreResult<Option<String>>> + Send;
    /// Disables or re-enables a user; whether the user exists in `org`.
    fn set_user_disabled(
        &self,
        org: OrgId,
        user: UserId,
        disabled: bool,
    ) -> impl Future<Output = StoreResult<bool>> + Send;

    fn create_api_key(&self, org: OrgId, key: NewApiKey) -> impl Future<Output = StoreResult<ApiKeyRecord>> + Send;
    /// The key whose SHA-256 is `key_hash`, revoked or not.
    fn api_key_by_hash(&self, key_hash: &str) -> impl Future<Output = StoreResult<Option<ApiKeyRecord>>> + Send;
    fn list_api_keys(&self, org: OrgId) -> impl Future<Output = StoreResult<Vec<ApiKeyRecord>>> + Send;
    /// Whether a key that was active is now revoked.
    fn revoke_api_key(&self, org: OrgId, id: i64) -> impl Future<Output = StoreResult<bool>> + Send;
}
