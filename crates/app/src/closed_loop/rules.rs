//! An organisation's alert rules: the ones it applied, or the default rule
//! (every detractor) until it applies its own. Applying is shared by `vocal
//! rules apply` and `PUT /api/v1/alert-rules`: validated whole, compared with
//! what is stored, and written only when it changed.

use vocal_domain::OrgId;
use vocal_domain::alerts::{AlertRules, RuleError};
use vocal_store::{Store, StoreError, StoredAlertRules};

pub use crate::surveys::apply::Applied;

#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    /// Every problem of the rule set; nothing was stored.
    #[error("the alert rules are invalid ({} problems)", .0.len())]
    Invalid(Vec<RuleError>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The rules in force: the stored ones, or the default with no update time.
pub async fn current_rules<S: Store>(store: &S, org: OrgId) -> Result<(AlertRules, Option<i64>), StoreError> {
    Ok(match store.alert_rules(org).await? {
        Some(stored) => (stored.rules, Some(stored.updated_at_ms)),
        None => (AlertRules::default(), None),
    })
}

/// Replaces the organisation's rules as a whole. A rule that names its
/// owner must name an active user of the organisation (checked here, as it
/// needs the users).
pub async fn apply_rules<S: Store>(
    store: &S,
    org: OrgId,
    rules: AlertRules,
) -> Result<(StoredAlertRules, Applied), RulesError> {
    let mut problems = rules.validate().err().unwrap_or_default();
    let users = store.list_users(org).await?;
    for (index, rule) in rules.rules.iter().enumerate() {
        if let Some(owner) = &rule.route.owner
            && !users.iter().any(|u| &u.email == owner && !u.disabled)
        {
            problems.push(RuleError {
                key: format!("rules[{index}].route.owner"),
                message: format!("{owner} is not an active user of this organisation"),
            });
        }
    }
    if !problems.is_empty() {
        return Err(RulesError::Invalid(problems));
    }
    let applied = match store.alert_rules(org).await? {
        Some(stored) if stored.rules == rules => return Ok((stored, Applied::Unchanged)),
        Some(_) => Applied::Updated,
        None => Applied::Created,
    };
    Ok((store.put_alert_rules(org, &rules).await?, applied))
}
