//! The HTTP layer: a thin JSON API over the use cases in `vocal-app`.
//! It parses and authenticates requests, calls the app, and maps errors to
//! status codes once, in [`error`].
#![forbid(unsafe_code)]

mod auth;
mod error;
mod indexes;
mod nps;
mod query_string;
mod responses;
mod server;

pub use indexes::Indexes;
pub use server::{App, router, serve};
