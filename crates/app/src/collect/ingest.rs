//! Responses pushed by integrations (IVR, chat, post-call): one or a batch
//! of up to [`MAX_BATCH`], all or nothing, with an optional idempotency key
//! so that a retried request returns the first result instead of storing
//! twice.

use std::collections::BTreeMap;

use vocal_domain::{OrgId, ResponseId, SurveyId, UnitBudget};
use vocal_store::{OnDuplicate, Store, Submission};

use super::fields::{ReadResponse, check_response};
use super::{CollectError, Collector, FieldError, derived_key, now_ms};

pub const MAX_BATCH: usize = 10_000;
/// Idempotency keys are opaque to us but bounded: a UUID fits many times.
pub const MAX_IDEMPOTENCY_KEY: usize = 255;

/// What a stored request returns; a replay returns the same.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Ingested {
    pub ids: Vec<ResponseId>,
    /// True when every response was stored by an earlier request with the
    /// same idempotency key, and nothing new was stored.
    #[serde(skip)]
    pub replayed: bool,
}

/// Checks the idempotency key header: printable ASCII, 1–255 characters.
pub fn check_idempotency_key(raw: &str) -> Result<&str, FieldError> {
    let ok = !raw.is_empty() && raw.len() <= MAX_IDEMPOTENCY_KEY && raw.bytes().all(|b| (0x21..0x7f).contains(&b));
    ok.then_some(raw).ok_or_else(|| {
        FieldError::new("Idempotency-Key", format!("must be 1 to {MAX_IDEMPOTENCY_KEY} printable ASCII characters"))
    })
}

impl<S: Store> Collector<S> {
    /// Checks every response (errors named `responses[i].field` when
    /// `batch`), then stores all of them in one durable commit.
    pub async fn ingest(
        &self,
        org: OrgId,
        inputs: Vec<ReadResponse>,
        batch: bool,
        idempotency_key: Option<&str>,
    ) -> Result<Ingested, CollectError> {
        if inputs.len() > MAX_BATCH {
            return Err(CollectError::Invalid(vec![FieldError::new(
                "responses",
                format!("{} responses; a batch holds at most {MAX_BATCH}", inputs.len()),
            )]));
        }
        if batch && inputs.is_empty() {
            return Err(CollectError::Invalid(vec![FieldError::new("responses", "is empty")]));
        }
        let now = now_ms();
        let mut errors = Vec::new();
        let mut checked = Vec::with_capacity(inputs.len());
        let mut units = UnitBudget::default();
        for (i, read) in inputs.into_iter().enumerate() {
            let prefix = format!("responses[{i}]");
            let within = |e: FieldError| if batch { e.within(&prefix) } else { e };
            errors.extend(read.type_errors.into_iter().map(within));
            match check_response(read.input, "api", now) {
                Ok(response) => {
                    if let Some(Err(message)) = response.response.unit.as_ref().map(|u| units.admit(u)) {
                        errors.push(within(FieldError::new("unit", message)));
                    }
                    checked.push(response)
                }
                Err(bad) => errors.extend(bad.into_iter().map(within)),
            }
        }
        let slugs: std::collections::BTreeSet<String> = checked.iter().filter_map(|c| c.survey.clone()).collect();
        let surveys = self.survey_ids(org, slugs).await?;
        let mut responses = Vec::with_capacity(checked.len());
        for (i, mut item) in checked.into_iter().enumerate() {
            if let Some(slug) = &item.survey {
                match surveys.get(slug) {
                    Some(id) => item.response.survey_id = Some(*id),
                    None => {
                        let field = if batch { format!("responses[{i}].survey") } else { "survey".into() };
                        errors.push(FieldError::new(field, format!("no survey {slug:?} in this organisation")));
                    }
                }
            }
            if let Some(key) = idempotency_key {
                item.response.dedupe_key = Some(derived_key(&[b"idempotency", key.as_bytes(), &i.to_le_bytes()]));
            }
            responses.push(item.response);
        }
        if !errors.is_empty() {
            return Err(CollectError::Invalid(errors));
        }
        let count = responses.len();
        let stored = self.committer.submit(Submission { org, responses, on_duplicate: OnDuplicate::Keep }).await?;
        debug_assert_eq!(stored.len(), count);
        let replayed = idempotency_key.is_some() && stored.iter().all(|s| !s.created);
        Ok(Ingested { ids: stored.iter().map(|s| s.id).collect(), replayed })
    }

    /// The ids of the named surveys that exist in the organisation.
    async fn survey_ids(
        &self,
        org: OrgId,
        slugs: std::collections::BTreeSet<String>,
    ) -> Result<BTreeMap<String, SurveyId>, CollectError> {
        let mut found = BTreeMap::new();
        for slug in slugs {
            if let Some(survey) = self.store.survey_by_slug(org, &slug).await? {
                found.insert(slug, survey.id);
            }
        }
        Ok(found)
    }
}
