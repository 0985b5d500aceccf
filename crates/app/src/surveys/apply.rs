//! Storing a survey definition, shared by `vocal survey apply` and
//! `PUT /api/v1/surveys/{slug}`: validated first, compared with what is
//! stored, and written only when it changed, so applying the same file
//! twice is a no-op that says so.

use vocal_domain::{OrgId, SurveyDefinition, SurveyError};
use vocal_store::{Store, StoreError, Survey};

/// What applying a definition did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    Created,
    Updated,
    /// The stored definition was identical; nothing was written.
    Unchanged,
}

impl Applied {
    pub fn as_str(self) -> &'static str {
        match self {
            Applied::Created => "created",
            Applied::Updated => "updated",
            Applied::Unchanged => "unchanged",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    /// Every rule the definition breaks; nothing was stored.
    #[error("the survey is invalid ({} problems)", .0.len())]
    Invalid(Vec<SurveyError>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Creates the survey or replaces the definition stored under its slug.
pub async fn apply<S: Store>(
    store: &S,
    org: OrgId,
    mut definition: SurveyDefinition,
) -> Result<(Survey, Applied), ApplyError> {
    definition.fill_defaults();
    definition.validate().map_err(ApplyError::Invalid)?;
    let applied = match store.survey_by_slug(org, &definition.slug).await? {
        Some(stored) if stored.definition == definition => return Ok((stored, Applied::Unchanged)),
        Some(_) => Applied::Updated,
        None => Applied::Created,
    };
    Ok((store.put_survey(org, definition).await?, applied))
}
