//! `POST /cases/{id}`: the case page's forms. Each names its `action`
//! (contact, note, resolve, close, reassign, email); the fields become a
//! [`CaseAction`] and [`act`] decides. `email` writes to the customer
//! ([`email_customer`]) and `follow_up` mails a resolved case's
//! customer the follow-up survey ([`send_follow_up`]). Success redirects to the case's
//! timeline (post, redirect, get); a refusal shows the page again with the
//! error by the field it names and the input kept. Cross-site posts are
//! refused by the app's CSRF layer before they get here.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use vocal_app::closed_loop::announce::announce_step;
use vocal_app::closed_loop::contact_email::{ContactEmailError, email_customer};
use vocal_app::closed_loop::follow_up::{FollowUpError, send_follow_up};
use vocal_app::closed_loop::work::{WorkError, act, person_name};
use vocal_domain::UserId;
use vocal_domain::cases::{ActionError, CaseAction, ContactVia};
use vocal_store::Store;

use super::case_page::page;
use crate::server::App;
use crate::session::CurrentUser;
use crate::ui::errors::{PageResult, message, not_found};

/// What a form sent, kept to fill the form again when it is refused.
#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(default)]
pub struct Kept {
    pub action: String,
    pub via: String,
    pub text: String,
    pub root_cause: String,
    pub resolution: String,
    pub reason: String,
    pub to: String,
    pub note: String,
    pub subject: String,
    pub body: String,
}

/// Why a form was refused: which form, which field (none: the whole step).
pub struct Refusal {
    pub form: String,
    pub field: Option<&'static str>,
    pub message: String,
}

pub(super) async fn submit<S: Store>(
    State(app): State<App<S>>,
    current: CurrentUser,
    Path(id): Path<String>,
    Form(kept): Form<Kept>,
) -> PageResult {
    let Some(case_id) = id.parse::<i64>().ok().filter(|id| *id > 0) else { return Ok(not_found()) };
    if kept.action == "follow_up" {
        return follow_up(&app, &current, &id, case_id, kept).await;
    }
    if kept.action == "email" {
        return email(&app, &current, &id, case_id, kept).await;
    }
    let action = match action_of(&kept) {
        Ok(action) => action,
        Err(refusal) => return page(&app, &current, &id, kept, Some(refusal)).await,
    };
    let refusal = |field, message: String| Refusal { form: kept.action.clone(), field, message };
    let kind = action.kind();
    let refused = match act(&app.store, &current.user, vocal_domain::CaseId(case_id), action, vocal_app::now_ms()).await
    {
        Ok(after) => {
            let by = person_name(&current.user);
            announce_step(&app.store, &app.alerting(), kind, &by, &after).await;
            return Ok(Redirect::to(&format!("/cases/{case_id}#timeline")).into_response());
        }
        Err(WorkError::NotFound) => return Ok(not_found()),
        Err(WorkError::ReadOnly) => {
            return Ok(message(StatusCode::FORBIDDEN, "Read only", "You may read this case but not work it."));
        }
        Err(WorkError::Store(error)) => return Err(error.into()),
        Err(WorkError::Refused(ActionError::Field { field, problem })) => refusal(Some(field), problem),
        Err(error @ WorkError::Refused(ActionError::SameOwner)) => refusal(Some("to"), error.to_string()),
        Err(error @ WorkError::UnknownAssignee) => refusal(Some("to"), without_field(&error)),
        Err(error @ WorkError::UnknownRootCause { .. }) => refusal(Some("root_cause"), without_field(&error)),
        Err(error) => refusal(None, error.to_string()),
    };
    page(&app, &current, &id, kept, Some(refused)).await
}

/// The follow-up form: mails the customer the follow-up survey.
async fn follow_up<S: Store>(app: &App<S>, current: &CurrentUser, id: &str, case_id: i64, kept: Kept) -> PageResult {
    let case = vocal_domain::CaseId(case_id);
    let refused = match send_follow_up(&app.collector, &app.mailer, &current.user, case, vocal_app::now_ms()).await {
        Ok(_) => return Ok(Redirect::to(&format!("/cases/{case_id}#timeline")).into_response()),
        Err(FollowUpError::Case(WorkError::NotFound)) => return Ok(not_found()),
        Err(FollowUpError::Case(WorkError::ReadOnly)) => {
            return Ok(message(StatusCode::FORBIDDEN, "Read only", "You may read this case but not work it."));
        }
        Err(FollowUpError::Store(error) | FollowUpError::Case(WorkError::Store(error))) => return Err(error.into()),
        // Shown at the top: the form itself is not offered when the survey, the email or the resolution is missing.
        Err(error) => Refusal { form: String::new(), field: None, message: error.to_string() },
    };
    page(app, current, id, kept, Some(refused)).await
}

/// The email form: writes to the customer, records the contact.
async fn email<S: Store>(app: &App<S>, current: &CurrentUser, id: &str, case_id: i64, kept: Kept) -> PageResult {
    let case = vocal_domain::CaseId(case_id);
    let now = vocal_app::now_ms();
    let sent = email_customer(&app.store, &app.mailer, &current.user, case, &kept.subject, &kept.body, now).await;
    let refusal = |field, message: String| Refusal { form: "email".into(), field, message };
    let refused = match sent {
        Ok(_) => return Ok(Redirect::to(&format!("/cases/{case_id}#timeline")).into_response()),
        Err(ContactEmailError::Case(WorkError::NotFound)) => return Ok(not_found()),
        Err(ContactEmailError::Case(WorkError::ReadOnly)) => {
            return Ok(message(StatusCode::FORBIDDEN, "Read only", "You may read this case but not work it."));
        }
        Err(ContactEmailError::Store(error) | ContactEmailError::Case(WorkError::Store(error))) => {
            return Err(error.into());
        }
        Err(ContactEmailError::Field { field, problem }) => refusal(Some(field), problem),
        Err(error) => refusal(None, error.to_string()),
    };
    page(app, current, id, kept, Some(refused)).await
}

/// The form's fields as an action, or the field that is not one.
fn action_of(kept: &Kept) -> Result<CaseAction, Refusal> {
    let refuse = |field, message: String| Refusal { form: kept.action.clone(), field: Some(field), message };
    Ok(match kept.action.as_str() {
        "contact" => CaseAction::Contacted {
            via: ContactVia::parse(&kept.via).map_err(|problem| refuse("via", problem))?,
            text: kept.text.clone(),
        },
        "note" => CaseAction::Note { text: kept.text.clone() },
        "resolve" => CaseAction::Resolved { root_cause: kept.root_cause.clone(), resolution: kept.resolution.clone() },
        "close" => CaseAction::Closed { reason: kept.reason.clone() },
        "reassign" => {
            let to = kept.to.trim().parse::<i64>().map_err(|_| refuse("to", "choose a person".into()))?;
            CaseAction::Reassigned { to: UserId(to), note: kept.note.clone() }
        }
        other => {
            return Err(Refusal {
                form: String::new(),
                field: None,
                message: format!("action: {other:?} is not one of contact, note, resolve, close, reassign, follow_up"),
            });
        }
    })
}

/// "root_cause: …" without the field's name, which the page shows by the field.
fn without_field(error: &WorkError) -> String {
    let text = error.to_string();
    text.split_once(": ").map_or(text.clone(), |(_, rest)| rest.to_string())
}
