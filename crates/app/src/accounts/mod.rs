//! Everything about the people who sign in: their accounts and the API keys
//! that act for the organisation, how they prove who they are (passwords,
//! single-use links, single sign-on), and what each may see.

pub mod api_keys;
pub mod links;
pub mod notification_preferences;
pub mod passwords;
pub mod scope;
pub mod sign_in;
pub mod sso;
pub mod throttle;
pub mod user_changes;
pub mod users;
