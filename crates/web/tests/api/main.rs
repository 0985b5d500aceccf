//! The JSON API, black-box over HTTP against a real server on port 0.

mod freshness;
mod helpers;
mod ingest;
mod invitations;
mod keys;
mod nps;
mod openapi;
mod responses;
mod survey_pages;
mod surveys;
