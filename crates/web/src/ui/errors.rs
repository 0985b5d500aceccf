//! The app's error pages. A page outside the user's scope gets the same 404
//! as one that does not exist, so existence does not leak.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::chrome::{Chrome, render};

#[derive(Template)]
#[template(path = "app/message.html")]
pub struct MessagePage<'a> {
    pub chrome: &'a Chrome,
    pub title: &'a str,
    pub message: &'a str,
}

pub fn message(status: StatusCode, title: &str, message: &str) -> Response {
    let chrome = Chrome::signed_out(false);
    render(status, &MessagePage { chrome: &chrome, title, message }, &chrome)
}

pub fn not_found() -> Response {
    message(StatusCode::NOT_FOUND, "Not found", "There is nothing at this address, or it is not yours to see.")
}

pub fn unavailable(error: impl std::fmt::Display) -> Response {
    tracing::warn!(%error, "a page could not be served");
    message(StatusCode::SERVICE_UNAVAILABLE, "Try again in a moment", "The database did not answer.")
}

/// A page that could not be served because the database or the index did
/// not answer; lets handlers use `?` on store calls. Boxed: it travels in
/// every handler's `Result`.
pub struct Failure(Box<Response>);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(error: E) -> Self {
        Failure(Box::new(unavailable(error)))
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        *self.0
    }
}

pub type PageResult = Result<Response, Failure>;
