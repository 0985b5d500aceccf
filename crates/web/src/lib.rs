//! The HTTP layer: a thin JSON API over the use cases in `vocal-app`.
//! It parses and authenticates requests, calls the app, and maps errors to
//! status codes once: the client's mistakes in [`error`], the server's in
//! [`fault`] (one mapping for the API, the app's pages and the survey pages).
#![forbid(unsafe_code)]

mod alert_rules_api;
mod auth;
mod cases_api;
pub mod cases_json;
mod channels_api;
pub mod charts;
mod client_ip;
mod error;
mod fault;
mod headers;
mod ingest;
mod invitations_api;
mod json_body;
mod loop_metrics_api;
mod nps;
mod openapi;
mod page;
mod query_string;
mod rate_limit;
mod responses;
mod server;
mod session;
pub mod survey_page;
mod survey_routes;
mod surveys_api;
mod themes_api;
pub mod ui;
mod why_api;

pub use server::{App, StartError, router, serve};
pub use vocal_app::live_index::registry::Indexes;
