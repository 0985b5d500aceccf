//! Survey definitions held in memory for a moment: every page view needs
//! its survey, and decoding the stored definition was a tenth of a page's
//! cost. A changed survey reaches the pages within [`FRESH_FOR`].

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use vocal_domain::{OrgId, SurveyId};
use vocal_store::{Store, StoreResult, Survey};

pub const FRESH_FOR: Duration = Duration::from_secs(2);
/// More surveys than this are simply not kept (the map is emptied).
const MAX_KEPT: usize = 10_000;

type Kept = HashMap<(OrgId, SurveyId), (Instant, Option<Arc<Survey>>)>;

#[derive(Clone, Default)]
pub struct SurveyCache(Arc<Mutex<Kept>>);

impl SurveyCache {
    /// The survey, from memory when read less than [`FRESH_FOR`] ago.
    pub async fn get<S: Store>(&self, store: &S, org: OrgId, id: SurveyId) -> StoreResult<Option<Arc<Survey>>> {
        let now = Instant::now();
        if let Some((read_at, survey)) = self.lock().get(&(org, id))
            && now.duration_since(*read_at) < FRESH_FOR
        {
            return Ok(survey.clone());
        }
        let survey = store.survey_by_id(org, id).await?.map(Arc::new);
        let mut kept = self.lock();
        if kept.len() >= MAX_KEPT {
            kept.clear();
        }
        kept.insert((org, id), (now, survey.clone()));
        Ok(survey)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Kept> {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
