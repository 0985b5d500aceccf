//! The app's error pages. A page outside the user's scope gets the same 404
//! as one that does not exist, so existence does not leak. A page the
//! server could not serve is a [`Fault`]: 503 only when the database did not
//! answer, 500 otherwise, with the request id to quote (see [`crate::fault`]).

use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::chrome::{Chrome, render};
use crate::fault::{Fault, FaultKind, Surface};

#[derive(Template)]
#[template(path = "app/message.html")]
pub struct MessagePage<'a> {
    pub chrome: &'a Chrome,
    pub title: &'a str,
    pub message: &'a str,
    /// The request id of a fault, for the person to quote.
    pub reference: Option<&'a str>,
}

pub fn message(status: StatusCode, title: &str, message: &str) -> Response {
    let chrome = Chrome::signed_out(false);
    render(status, &MessagePage { chrome: &chrome, title, message, reference: None }, &chrome)
}

pub fn not_found() -> Response {
    message(StatusCode::NOT_FOUND, "Not found", "There is nothing at this address, or it is not yours to see.")
}

/// The page for an error that is the server's; the log gets the detail.
pub fn server_error(error: impl Into<Fault>) -> Response {
    error.into().respond(Surface::AppPage)
}

/// The page a fault finally shows, with its request id (called by
/// [`crate::fault::answer_faults`], which knows the id).
pub fn fault_page(kind: FaultKind, request_id: &str) -> Response {
    let (title, message) = match kind {
        FaultKind::Unavailable => ("Try again in a moment", "The database did not answer."),
        FaultKind::Internal => ("Something went wrong", "The page could not be shown; the error has been logged."),
    };
    let chrome = Chrome::signed_out(false);
    let page = MessagePage { chrome: &chrome, title, message, reference: Some(request_id) };
    render(crate::fault::Fault::status_of(kind), &page, &chrome)
}

/// A page that could not be served (a [`Fault`]); lets handlers use `?` on
/// store and app calls. Boxed: it travels in every handler's `Result`.
pub struct Failure(Box<Response>);

impl<E: Into<Fault>> From<E> for Failure {
    fn from(error: E) -> Self {
        Failure(Box::new(server_error(error)))
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        *self.0
    }
}

pub type PageResult = Result<Response, Failure>;
