//! Group commits of submissions (API requests, survey pages): one pooled
//! connection, one transaction and one commit per group, in few round
//! trips: the sequence numbers, one survey check, the units, agents and
//! contacts not known yet, one `UNNEST` insert for every row of the group,
//! and one statement per response whose de-duplication key was stored.
//!
//! The sequence is taken first, as in `responses.rs`, so `seq` order is
//! commit order. Units and agents are never deleted, so the ids met are
//! kept between calls, but only once their transaction has committed.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError};

use sqlx::{PgConnection, PgPool};
use vocal_domain::{OrgId, ResponseId, UnitPath};
use vocal_store::{OnDuplicate, StoreError, StoreResult, Stored, Submission};
use vocal_store_sql::decode::column;

use crate::ROWS_PER_STATEMENT;
use crate::columns::{INSERT_RETURNING, Resolved, attributes_json, bind_rows};
use crate::errors::from_sqlx;
use crate::find_or_create::{AGENTS, CONTACTS, ids_by_key};

/// Cached ids per kind before the cache is emptied, to bound its memory.
const MAX_CACHED: usize = 100_000;

/// Committed unit and agent ids, shared by clones of the store.
#[derive(Clone, Default)]
pub(crate) struct KnownIds(Arc<Mutex<Known>>);

#[derive(Default)]
struct Known {
    /// By (organisation, parent id or 0, name).
    units: HashMap<(i64, i64, String), i64>,
    /// By (organisation, name).
    agents: HashMap<(i64, String), i64>,
}

impl KnownIds {
    fn lock(&self) -> std::sync::MutexGuard<'_, Known> {
        // The map is only ever extended with committed ids: still sound after a panic.
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

pub(crate) async fn commit(pool: &PgPool, known: &KnownIds, group: Vec<Submission>) -> StoreResult<Vec<Vec<Stored>>> {
    let total: usize = group.iter().map(|s| s.responses.len()).sum();
    if total == 0 {
        return Ok(vec![Vec::new(); group.len()]);
    }
    let mut tx = pool.begin().await.map_err(from_sqlx)?;
    let last_seq: i64 =
        sqlx::query_scalar("UPDATE counters SET value = value + $1 WHERE name = 'response_seq' RETURNING value")
            .bind(total as i64)
            .fetch_one(&mut *tx)
            .await
            .map_err(from_sqlx)?;
    check_surveys(&mut tx, &group).await?;
    let mut found = Found { known: known.clone(), units: HashMap::new(), agents: HashMap::new() };
    let mut rows = Vec::with_capacity(total);
    let mut seq = last_seq - total as i64;
    for submission in &group {
        let org = submission.org.0;
        let agents = found.agents(&mut tx, org, submission).await?;
        let emails: BTreeSet<&str> = submission
            .responses
            .iter()
            .filter_map(|r| r.contact_email.as_ref().map(vocal_domain::Email::as_str))
            .collect();
        let contacts = ids_by_key(&mut tx, CONTACTS, submission.org, &emails.into_iter().collect::<Vec<_>>()).await?;
        for response in &submission.responses {
            seq += 1;
            let unit = match &response.unit {
                Some(path) => Some(found.unit(&mut tx, org, path).await?),
                None => None,
            };
            let agent = response.agent.as_ref().and_then(|a| agents.get(a).copied());
            let contact = response.contact_email.as_ref().and_then(|e| contacts.get(e.as_str()).copied());
            rows.push(Resolved { org, seq, response, unit, agent, contact });
        }
    }
    let now = crate::now_ms();
    let mut inserted = HashMap::with_capacity(total);
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let returned = bind_rows(INSERT_RETURNING, chunk, now).fetch_all(&mut *tx).await.map_err(from_sqlx)?;
        for r in &returned {
            inserted.insert(column::<_, i64>(r, "responses", "seq")?, column::<_, i64>(r, "responses", "id")?);
        }
    }
    let mut stored = Vec::with_capacity(group.len());
    let mut rows = rows.iter();
    for submission in &group {
        let mut outcome = Vec::with_capacity(submission.responses.len());
        for row in rows.by_ref().take(submission.responses.len()) {
            outcome.push(match inserted.get(&row.seq) {
                Some(&id) => Stored { id: ResponseId(id), created: true },
                None => Stored { id: duplicate(&mut tx, row, submission.on_duplicate).await?, created: false },
            });
        }
        stored.push(outcome);
    }
    tx.commit().await.map_err(from_sqlx)?;
    found.remember();
    Ok(stored)
}

/// Every survey named must belong to its submission's organisation: the
/// foreign key alone would accept another organisation's survey.
async fn check_surveys(conn: &mut PgConnection, group: &[Submission]) -> StoreResult<()> {
    let named: HashSet<(i64, i64)> = group
        .iter()
        .flat_map(|s| s.responses.iter().filter_map(move |r| r.survey_id.map(|survey| (s.org.0, survey.0))))
        .collect();
    if named.is_empty() {
        return Ok(());
    }
    let ids: Vec<i64> = named.iter().map(|&(_, survey)| survey).collect();
    let owners: HashMap<i64, i64> =
        sqlx::query_as::<_, (i64, i64)>("SELECT id, org_id FROM surveys WHERE id = ANY($1)")
            .bind(ids)
            .fetch_all(&mut *conn)
            .await
            .map_err(from_sqlx)?
            .into_iter()
            .collect();
    match named.iter().all(|(org, survey)| owners.get(survey) == Some(org)) {
        true => Ok(()),
        false => Err(StoreError::NotFound("survey")),
    }
}

/// A response whose de-duplication key is stored: kept as it is, or its
/// answer replaced and given this row's (newer) sequence number.
async fn duplicate(conn: &mut PgConnection, row: &Resolved<'_>, on_duplicate: OnDuplicate) -> StoreResult<ResponseId> {
    let r = row.response;
    let key = r.dedupe_key.as_ref().map(|k| &k[..]);
    // `org_id + 0`: only `responses_dedupe (dedupe_key, org_id)` can serve
    // these, whatever plan was cached while the table was small (migration 0004).
    let sql = match on_duplicate {
        OnDuplicate::Keep => "SELECT id FROM responses WHERE dedupe_key = $2 AND org_id + 0 = $1",
        OnDuplicate::Replace => {
            "UPDATE responses SET seq = $3, score = $4, comment = $5, language = $6, attributes = $7
             WHERE dedupe_key = $2 AND org_id + 0 = $1 RETURNING id"
        }
    };
    let mut query = sqlx::query_scalar(sql).bind(row.org).bind(key);
    if on_duplicate == OnDuplicate::Replace {
        query = query
            .bind(row.seq)
            .bind(i16::from(r.score.value()))
            .bind(r.comment.as_deref())
            .bind(r.language.as_deref())
            .bind(attributes_json(r));
    }
    let id: i64 = query.fetch_one(conn).await.map_err(from_sqlx)?;
    Ok(ResponseId(id))
}

/// The unit and agent ids a group found or created, added to the shared
/// cache only after its commit.
struct Found {
    known: KnownIds,
    units: HashMap<(i64, i64, String), i64>,
    agents: HashMap<(i64, String), i64>,
}

impl Found {
    async fn unit(&mut self, conn: &mut PgConnection, org: i64, path: &UnitPath) -> StoreResult<i64> {
        let mut parent = 0;
        for name in path.names() {
            let key = (org, parent, name.clone());
            let cached = self.units.get(&key).copied().or_else(|| self.known.lock().units.get(&key).copied());
            parent = match cached {
                Some(id) => id,
                None => {
                    let id =
                        crate::units::find_or_create(conn, OrgId(org), (parent != 0).then_some(parent), name).await?;
                    self.units.insert(key, id);
                    id
                }
            };
        }
        Ok(parent)
    }

    /// Ids of the agents a submission names, by name.
    async fn agents(
        &mut self,
        conn: &mut PgConnection,
        org: i64,
        submission: &Submission,
    ) -> StoreResult<HashMap<String, i64>> {
        let names: BTreeSet<&str> = submission.responses.iter().filter_map(|r| r.agent.as_deref()).collect();
        let mut ids = HashMap::with_capacity(names.len());
        let mut missing = Vec::new();
        {
            let known = self.known.lock();
            for name in names {
                let key = (org, name.to_string());
                match self.agents.get(&key).or_else(|| known.agents.get(&key)) {
                    Some(&id) => drop(ids.insert(key.1, id)),
                    None => missing.push(name),
                }
            }
        }
        if !missing.is_empty() {
            let created = ids_by_key(conn, AGENTS, OrgId(org), &missing).await?;
            self.agents.extend(created.iter().map(|(name, &id)| ((org, name.clone()), id)));
            ids.extend(created);
        }
        Ok(ids)
    }

    fn remember(self) {
        let mut known = self.known.lock();
        if known.units.len() > MAX_CACHED || known.agents.len() > MAX_CACHED {
            *known = Known::default();
        }
        known.units.extend(self.units);
        known.agents.extend(self.agents);
    }
}
