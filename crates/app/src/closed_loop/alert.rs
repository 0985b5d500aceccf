//! Where an opened case's alert leaves for its owner.

use vocal_store::{Case, Store};

/// Enqueues the alert for a case just opened. The durable job queue (issue
/// 12 §1, branch `jobs`) will take it from here: one job per case, keyed by
/// the case id so a retry never sends twice. Until it lands nothing is sent;
/// the case itself is stored and owned, which is what this step guarantees.
/// Called exactly once per case: only by the evaluator that opened it.
pub async fn enqueue_case_alert<S: Store>(_store: &S, case: &Case) {
    tracing::info!(case = case.id.0, owner = ?case.owner.map(|u| u.0), rules = ?case.rules, "case opened; its alert waits for the job queue");
}
