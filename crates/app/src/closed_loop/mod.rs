//! Closing the loop: alert rules kept as data (`rules_file`, `rules`), every
//! new or changed response evaluated against them by following the change
//! sequence with a durable cursor (`evaluate`), and a case opened per
//! matching response for the owner routing finds (`open`, `owners`). Sending the
//! alert is left to the job queue (`alert`). People then work the case
//! (`work`), within what the scoping rule lets them see (`access`), and the
//! loop metrics say how well they do (`metrics`).

pub mod access;
pub mod alert;
pub mod evaluate;
pub mod metrics;
mod open;
pub mod owners;
pub mod queues;
pub mod rules;
pub mod rules_file;
pub mod work;

#[cfg(test)]
mod rules_file_tests;
