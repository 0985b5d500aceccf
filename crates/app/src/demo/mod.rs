//! Realistic demo data: a fictional telecom, Northwind, with three regions,
//! twelve teams, sixty-odd agents and as many responses as asked for over
//! the last 18 months. The data is built to show what Vocal is for — teams
//! that really differ, one improving and one declining, seasons, an outage,
//! and comments whose themes and words follow the scores — so that every
//! dashboard, breakdown and text analysis has something true to find.
//!
//! [`generate`] is a pure function of its arguments: no I/O, no clock, the
//! same seed gives the same data, and each response carries a
//! de-duplication key derived from its position, so loading the demo twice
//! stores it once.

mod calendar;
mod comments;
mod customers;
mod loop_week;
mod organisation;
mod phrases;
mod responses;
mod roughen;
mod sampling;
mod scoring;
mod seasons;
pub mod seed;
mod teams;
mod themes;
mod touchpoints;

#[cfg(test)]
mod comment_tests;
#[cfg(test)]
mod summary;
#[cfg(test)]
mod tests;

use rand::SeedableRng;
use rand::rngs::StdRng;
use sha2::{Digest, Sha256};
use vocal_domain::UnitPath;
use vocal_store::NewResponse;

use calendar::Calendar;
use customers::CustomerBook;
use organisation::Organisation;
use phrases::Corpus;
use responses::ResponseFactory;

pub const ORG_NAME: &str = "Northwind Telecom";
/// The IANA name of the organisation's zone; sites answer in their own hours.
pub const TIME_ZONE: &str = "America/New_York";

/// The demo organisation and its responses, ready to be stored.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoData {
    pub org_name: String,
    /// IANA zone name of the organisation.
    pub time_zone: String,
    /// Every team, each with its agents; regions and the company are the
    /// ancestors in the paths.
    pub teams: Vec<DemoTeam>,
    /// Oldest first.
    pub responses: Vec<NewResponse>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DemoTeam {
    /// `Northwind/<region>/<team>`.
    pub path: UnitPath,
    /// Full names, unique across the organisation.
    pub agents: Vec<String>,
}

/// Builds the demo organisation with `responses` responses submitted in the
/// 18 calendar months before `now_ms` (inclusive), deterministically from `seed`.
pub fn generate(seed: u64, now_ms: i64, responses: usize) -> DemoData {
    let mut rng = StdRng::seed_from_u64(seed);
    let corpus = Corpus::bundled();
    let org = Organisation::build(&mut rng);
    let calendar = Calendar::new(now_ms, &org);
    let customers = CustomerBook::build(&org, responses, &mut rng);
    let factory = ResponseFactory { org: &org, calendar: &calendar, customers: &customers, corpus: &corpus };

    let mut responses: Vec<NewResponse> = (0..responses).map(|_| factory.draw(&mut rng)).collect();
    // Sorts small (time, position) keys and then moves each record once;
    // a plain sort would move every large record a dozen times.
    responses.sort_by_cached_key(|r| r.submitted_at_ms);
    for (index, response) in responses.iter_mut().enumerate() {
        response.dedupe_key = Some(dedupe_key(index));
    }

    DemoData {
        org_name: ORG_NAME.to_string(),
        time_zone: TIME_ZONE.to_string(),
        teams: org
            .teams
            .iter()
            .map(|team| DemoTeam {
                path: team.path.clone(),
                agents: team.agents.iter().map(|a| a.name.to_string()).collect(),
            })
            .collect(),
        responses,
    }
}

/// The first 16 bytes of SHA-256("demo:<index>"): the same for the same
/// position on every run, so a second load is recognised as duplicates.
fn dedupe_key(index: usize) -> [u8; 16] {
    let digest = Sha256::digest(format!("demo:{index}").as_bytes());
    let mut key = [0u8; 16];
    key.copy_from_slice(&digest[..16]);
    key
}
