//! Closing the loop: alert rules kept as data (`rules_file`, `rules`), every
//! new or changed response evaluated against them by following the change
//! sequence with a durable cursor (`evaluate`), and a case opened per
//! matching response for the owner routing finds (`open`, `owners`). Sending the
//! alert is left to the job queue (`alert`).

pub mod alert;
pub mod evaluate;
mod open;
pub mod owners;
pub mod rules;
pub mod rules_file;

#[cfg(test)]
mod rules_file_tests;
