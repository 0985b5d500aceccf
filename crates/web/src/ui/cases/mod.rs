//! Where people work cases: the queue (`/cases`: mine, my domain, overdue,
//! unassigned, all) and a case's page (`/cases/{id}`) with the forms that
//! record a contact, a note, the resolution, a close or a reassignment
//! (`POST /cases/{id}`, one route whose `action` field says which).
//!
//! Every rule comes from [`vocal_app::closed_loop`]: who sees a case
//! (`sees_case`; anyone else gets the same 404 as for a case that does not
//! exist), who works it (`works_case`; analysts read), who may receive it
//! (`may_receive`) and which steps a state allows (`work::act`). This
//! module only shows cases and turns forms into actions.

mod case_page;
mod forms;
mod queue;
mod rows;

pub use rows::span;

use axum::Router;
use axum::routing::get;
use vocal_domain::Role;
use vocal_store::Store;

use super::{Policy, RoutePolicy};
use crate::server::App;

pub const POLICIES: &[RoutePolicy] = &[("/cases", Policy::Scoped), ("/cases/{id}", Policy::Scoped)];

pub fn routes<S: Store>() -> Router<App<S>> {
    Router::new()
        .route("/cases", get(queue::show::<S>))
        .route("/cases/{id}", get(case_page::show::<S>).post(forms::submit::<S>))
}

/// Whether a role has cases to see: agent users see answers about
/// themselves, not the follow-up of them (unless a rule routed one to them).
pub fn role_sees_cases(role: Role) -> bool {
    role != Role::Agent
}
