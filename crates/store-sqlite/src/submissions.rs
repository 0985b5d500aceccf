//! Group commits of submissions (API requests, survey pages) through one
//! persistent rusqlite connection.
//!
//! The server calls this for every group of concurrent submissions, so a
//! call must cost little more than its one durable commit: opening a
//! connection, preparing statements or loading an organisation's units per
//! call would not sustain thousands of responses a second. The connection,
//! its prepared statements and the ids of the units and agents it has met
//! stay between calls. Ids are cached only once committed (units and agents
//! are never deleted), so a rolled-back group leaves no stale entry; a
//! connection that failed is dropped and opened afresh by the next call,
//! which is how the store recovers once the database is back.
//!
//! Sequences come from the `counters` row as in `bulk_write.rs`, in
//! `BEGIN IMMEDIATE`: the write lock is held from the first statement, so
//! the find-then-create of units, agents and contacts cannot race another
//! process, and `seq` order is commit order.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};
use vocal_domain::{ResponseId, UnitPath};
use vocal_store::{NewResponse, OnDuplicate, StoreError, StoreResult, Stored, Submission};

use crate::errors::from_rusqlite as database_error;

/// Cached ids per kind before the cache is emptied, to bound its memory.
const MAX_CACHED: usize = 100_000;

/// The persistent connection, opened by the first call; shared by clones
/// of the store, so one process has one submission writer.
#[derive(Clone, Default)]
pub(crate) struct SubmissionWriter(Arc<Mutex<Option<Session>>>);

struct Session {
    connection: Connection,
    /// Committed unit ids by (organisation, parent id or 0, name).
    units: HashMap<(i64, i64, String), i64>,
    /// Committed agent ids by (organisation, name).
    agents: HashMap<(i64, String), i64>,
}

impl SubmissionWriter {
    pub(crate) async fn commit(&self, path: &Path, group: Vec<Submission>) -> StoreResult<Vec<Vec<Stored>>> {
        if group.iter().all(|s| s.responses.is_empty()) {
            return Ok(vec![Vec::new(); group.len()]);
        }
        let (slot, path): (_, PathBuf) = (self.0.clone(), path.to_path_buf());
        tokio::task::spawn_blocking(move || {
            let mut slot = slot.lock().unwrap_or_else(|poisoned| {
                // A panic mid-write: its transaction rolled back while
                // unwinding, but nothing vouches for the session any more.
                let mut slot = poisoned.into_inner();
                *slot = None;
                slot
            });
            let session = match slot.as_mut() {
                Some(session) => session,
                None => slot.insert(Session::open(&path)?),
            };
            let result = session.commit(&group);
            let connection_is_sound = match &result {
                Ok(_) => true,
                Err(StoreError::NotFound(_)) => session.connection.is_autocommit(),
                Err(_) => false,
            };
            if !connection_is_sound {
                *slot = None;
            }
            result
        })
        .await
        .map_err(|e| StoreError::Database(format!("writing submissions: {e}")))?
    }
}

const INSERT_RESPONSE: &str = "INSERT INTO responses (org_id, seq, survey_id, score, comment, submitted_at, channel, \
     touchpoint, unit_id, agent_id, contact_id, account, language, attributes, source, dedupe_key, created_at) \
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17) \
     ON CONFLICT (org_id, dedupe_key) DO NOTHING";

const REPLACE_RESPONSE: &str =
    "UPDATE responses SET seq = ?2, score = ?3, comment = ?4, language = ?5, attributes = ?6 WHERE id = ?1";

/// Ids created by the open transaction: cached only if it commits.
#[derive(Default)]
struct Created {
    units: HashMap<(i64, i64, String), i64>,
    agents: HashMap<(i64, String), i64>,
}

impl Session {
    fn open(path: &Path) -> StoreResult<Self> {
        let connection = crate::bulk_write::open(path)?;
        connection.set_prepared_statement_cache_capacity(32);
        Ok(Session { connection, units: HashMap::new(), agents: HashMap::new() })
    }

    fn commit(&mut self, group: &[Submission]) -> StoreResult<Vec<Vec<Stored>>> {
        let Session { connection, units, agents } = self;
        let tx = connection.transaction_with_behavior(TransactionBehavior::Immediate).map_err(database_error)?;
        check_surveys(&tx, group)?;
        let total: usize = group.iter().map(|s| s.responses.len()).sum();
        let last_seq: i64 = tx
            .prepare_cached("UPDATE counters SET value = value + ?1 WHERE name = 'response_seq' RETURNING value")
            .and_then(|mut s| s.query_row([total as i64], |row| row.get(0)))
            .map_err(database_error)?;
        let mut writer = Writer { tx: &tx, units, agents, created: Created::default(), now: crate::now_ms() };
        let mut seq = last_seq - total as i64;
        let mut results = Vec::with_capacity(group.len());
        for submission in group {
            let mut stored = Vec::with_capacity(submission.responses.len());
            for response in &submission.responses {
                seq += 1;
                let one = writer.write(submission.org.0, response, submission.on_duplicate, seq);
                stored.push(one.map_err(database_error)?);
            }
            results.push(stored);
        }
        let created = writer.created;
        tx.commit().map_err(database_error)?;
        if units.len() > MAX_CACHED || agents.len() > MAX_CACHED {
            units.clear();
            agents.clear();
        }
        units.extend(created.units);
        agents.extend(created.agents);
        Ok(results)
    }
}

/// Every survey named must belong to its submission's organisation: the
/// foreign key alone would accept another organisation's survey.
fn check_surveys(tx: &Transaction<'_>, group: &[Submission]) -> StoreResult<()> {
    let mut checked = HashSet::new();
    for submission in group {
        for survey in submission.responses.iter().filter_map(|r| r.survey_id) {
            if !checked.insert((submission.org, survey)) {
                continue;
            }
            let found = tx
                .prepare_cached("SELECT 1 FROM surveys WHERE id = ?1 AND org_id = ?2")
                .and_then(|mut s| s.exists(params![survey.0, submission.org.0]))
                .map_err(database_error)?;
            if !found {
                return Err(StoreError::NotFound("survey"));
            }
        }
    }
    Ok(())
}

/// One group's write, with the session's caches borrowed.
struct Writer<'a> {
    tx: &'a Transaction<'a>,
    units: &'a HashMap<(i64, i64, String), i64>,
    agents: &'a HashMap<(i64, String), i64>,
    created: Created,
    now: i64,
}

impl Writer<'_> {
    fn write(&mut self, org: i64, r: &NewResponse, on_duplicate: OnDuplicate, seq: i64) -> rusqlite::Result<Stored> {
        let unit = r.unit.as_ref().map(|path| self.unit(org, path)).transpose()?;
        let agent = r.agent.as_deref().map(|name| self.agent(org, name)).transpose()?;
        let contact = r
            .contact_email
            .as_ref()
            .map(vocal_domain::Email::as_str)
            .map(|email| self.contact(org, email))
            .transpose()?;
        let attributes = serde_json::to_string(&r.attributes).unwrap_or_else(|_| "{}".into());
        let inserted = self.tx.prepare_cached(INSERT_RESPONSE)?.execute(params![
            org,
            seq,
            r.survey_id.map(|s| s.0),
            i64::from(r.score.value()),
            r.comment,
            r.submitted_at_ms,
            r.channel,
            r.touchpoint,
            unit,
            agent,
            contact,
            r.account,
            r.language,
            attributes,
            r.source,
            r.dedupe_key.as_ref().map(|k| &k[..]),
            self.now,
        ])?;
        if inserted == 1 {
            return Ok(Stored { id: ResponseId(self.tx.last_insert_rowid()), created: true });
        }
        // Only a stored de-duplication key makes the insert do nothing.
        let key = r.dedupe_key.as_ref().map(|k| &k[..]);
        let id: i64 = self
            .tx
            .prepare_cached("SELECT id FROM responses WHERE org_id = ?1 AND dedupe_key = ?2")?
            .query_row(params![org, key], |row| row.get(0))?;
        if on_duplicate == OnDuplicate::Replace {
            let score = i64::from(r.score.value());
            self.tx
                .prepare_cached(REPLACE_RESPONSE)?
                .execute(params![id, seq, score, r.comment, r.language, attributes])?;
        }
        Ok(Stored { id: ResponseId(id), created: false })
    }

    fn unit(&mut self, org: i64, path: &UnitPath) -> rusqlite::Result<i64> {
        let mut parent = 0;
        for name in path.names() {
            let key = (org, parent, name.clone());
            parent = match self.cached_unit(&key) {
                Some(id) => id,
                None => {
                    let found: Option<i64> = self
                        .tx
                        .prepare_cached(
                            "SELECT id FROM units WHERE org_id = ?1 AND COALESCE(parent_id, 0) = ?2 AND name = ?3",
                        )?
                        .query_row(params![org, parent, name], |row| row.get(0))
                        .optional()?;
                    let id = match found {
                        Some(id) => id,
                        None => {
                            self.tx
                                .prepare_cached(
                                    "INSERT INTO units (org_id, parent_id, name, created_at) VALUES (?1, ?2, ?3, ?4)",
                                )?
                                .execute(params![org, (parent != 0).then_some(parent), name, self.now])?;
                            self.tx.last_insert_rowid()
                        }
                    };
                    self.created.units.insert(key, id);
                    id
                }
            };
        }
        Ok(parent)
    }

    fn cached_unit(&self, key: &(i64, i64, String)) -> Option<i64> {
        self.units.get(key).or_else(|| self.created.units.get(key)).copied()
    }

    fn agent(&mut self, org: i64, name: &str) -> rusqlite::Result<i64> {
        let key = (org, name.to_string());
        if let Some(&id) = self.agents.get(&key).or_else(|| self.created.agents.get(&key)) {
            return Ok(id);
        }
        let found: Option<i64> = self
            .tx
            .prepare_cached("SELECT id FROM agents WHERE org_id = ?1 AND name = ?2")?
            .query_row(params![org, name], |row| row.get(0))
            .optional()?;
        let id = match found {
            Some(id) => id,
            None => {
                self.tx
                    .prepare_cached("INSERT INTO agents (org_id, name, created_at) VALUES (?1, ?2, ?3)")?
                    .execute(params![org, name, self.now])?;
                self.tx.last_insert_rowid()
            }
        };
        self.created.agents.insert(key, id);
        Ok(id)
    }

    /// Contacts are not cached: unlike units and agents they may one day be erased.
    fn contact(&mut self, org: i64, email: &str) -> rusqlite::Result<i64> {
        let found: Option<i64> = self
            .tx
            .prepare_cached("SELECT id FROM contacts WHERE org_id = ?1 AND email = ?2")?
            .query_row(params![org, email], |row| row.get(0))
            .optional()?;
        if let Some(id) = found {
            return Ok(id);
        }
        self.tx
            .prepare_cached("INSERT INTO contacts (org_id, email, created_at) VALUES (?1, ?2, ?3)")?
            .execute(params![org, email, self.now])?;
        Ok(self.tx.last_insert_rowid())
    }
}
