//! One module per subcommand.

pub mod apikey;
pub mod cases;
pub mod channels;
pub mod demo;
pub mod healthcheck;
pub mod import;
pub mod invitations;
pub mod jobs;
pub mod loop_metrics;
pub mod mail;
pub mod nps;
pub mod org;
pub mod rules;
pub mod serve;
pub mod survey;
pub mod themes;
pub mod user;
pub mod why;
