//! Closing the loop: alert rules kept as data (`rules_file`, `rules`), every
//! new or changed response evaluated against them by following the change
//! sequence with a durable cursor (`evaluate`), and a case opened per
//! matching response for the owner routing finds (`open`, `owners`), whose
//! alert is queued by the channels they chose (`alert`, `alert_summary`).

pub mod alert;
pub mod alert_summary;
pub mod evaluate;
mod open;
pub mod owners;
pub mod rules;
pub mod rules_file;

#[cfg(test)]
mod rules_file_tests;
