//! The JSON API, black-box over HTTP against a real server on port 0.

mod freshness;
mod helpers;
mod keys;
mod nps;
mod responses;
