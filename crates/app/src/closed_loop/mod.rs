//! Closing the loop: alert rules kept as data (`rules_file`, `rules`), every
//! new or changed response evaluated against them by following the change
//! sequence with a durable cursor (`evaluate`), and a case opened per
//! matching response for the owner routing finds (`open`, `owners`), whose
//! alert is queued by the channels they chose (`alert`, `alert_summary`),
//! with a job committed beside the case as its backstop (`backstop`).
//! People then work the case (`work`), writing to the customer from it
//! (`contact_email`), and open case pages follow changes (`case_watch`), within what the scoping rule lets
//! them see (`access`), and whom a step concerns hears of it (`announce`); overdue ones escalate (`escalate`); a message about a case that cannot be
//! delivered is noted on it (`undelivered`); the dashboard
//! card sums them up (`metrics`) and the loop metrics say how well they do
//! per unit, owner or root cause (`loop_metrics`).

pub mod access;
pub mod alert;
pub mod alert_summary;
pub mod announce;
pub mod backstop;
pub mod case_watch;
pub mod contact_email;
pub mod escalate;
pub mod evaluate;
pub mod follow_up;
pub mod loop_inputs;
pub mod loop_metrics;
pub mod metrics;
mod open;
pub mod owners;
pub mod praise;
pub mod queues;
pub mod rules;
pub mod rules_file;
pub(crate) mod undelivered;
pub mod work;

#[cfg(test)]
mod rules_file_tests;
