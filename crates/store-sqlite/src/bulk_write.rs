//! Writing responses through rusqlite on a blocking thread, one prepared
//! single-row statement per table: sqlx's multi-row statements spent most
//! of an import's time boxing and copying arguments in SQLite's thread.
//! Every write takes the change sequence in the same transaction (see
//! `docs/architecture.md`), creates missing units, agents and contacts, and
//! commits only when told to.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior, params};
use tokio::sync::mpsc::Receiver;
use vocal_domain::{OrgId, UnitId, UnitPath};
use vocal_store::{InsertOutcome, NewResponse, StoreError, StoreResult, StreamItem};

pub(crate) async fn insert_stream(path: &Path, org: OrgId, items: Receiver<StreamItem>) -> StoreResult<InsertOutcome> {
    let path: PathBuf = path.to_path_buf();
    tokio::task::spawn_blocking(move || write(&path, org, items))
        .await
        .map_err(|e| StoreError::Database(format!("writing responses: {e}")))?
}

use crate::errors::from_rusqlite as database_error;

/// A connection set up like the pool's: durable commits, checked foreign keys.
pub(crate) fn open(path: &Path) -> StoreResult<Connection> {
    let connection =
        Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .map_err(|e| StoreError::Unavailable(format!("cannot open {}: {e}", path.display())))?;
    connection.busy_timeout(Duration::from_secs(10)).map_err(database_error)?;
    for (pragma, value) in [("synchronous", "FULL"), ("foreign_keys", "ON"), ("cache_size", "-65536")] {
        connection.pragma_update(None, pragma, value).map_err(database_error)?;
    }
    Ok(connection)
}

/// The unit at `path`, created with any missing ancestors, by the same code imports use.
pub(crate) async fn ensure_unit(path: &Path, org: OrgId, unit: &UnitPath) -> StoreResult<UnitId> {
    let (path, unit) = (path.to_path_buf(), unit.clone());
    tokio::task::spawn_blocking(move || {
        let mut connection = open(&path)?;
        let transaction =
            connection.transaction_with_behavior(TransactionBehavior::Immediate).map_err(database_error)?;
        let id =
            Writer::load(&transaction, org).and_then(|mut w| w.unit(&transaction, &unit)).map_err(database_error)?;
        transaction.commit().map_err(database_error)?;
        Ok(UnitId(id))
    })
    .await
    .map_err(|e| StoreError::Database(format!("creating a unit: {e}")))?
}

fn write(path: &Path, org: OrgId, mut items: Receiver<StreamItem>) -> StoreResult<InsertOutcome> {
    let mut connection = open(path)?;
    let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate).map_err(database_error)?;
    let mut writer = Writer::load(&transaction, org).map_err(database_error)?;
    while let Some(item) = items.blocking_recv() {
        match item {
            StreamItem::Rows(rows) => writer.write(&transaction, &rows).map_err(database_error)?,
            StreamItem::Commit => {
                let outcome = writer.outcome;
                transaction.commit().map_err(database_error)?;
                return Ok(outcome);
            }
        }
    }
    Err(StoreError::Aborted) // dropping the transaction rolls it back
}

/// Ids of what this import has met, so each is looked up or created once.
struct Writer {
    org: i64,
    now: i64,
    units: HashMap<(Option<i64>, String), i64>,
    agents: HashMap<String, i64>,
    contacts: HashMap<String, i64>,
    outcome: InsertOutcome,
}

const INSERT_RESPONSE: &str = "INSERT INTO responses (org_id, seq, survey_id, score, comment, submitted_at, channel, \
     touchpoint, unit_id, agent_id, contact_id, account, language, attributes, source, dedupe_key, created_at) \
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17) \
     ON CONFLICT (org_id, dedupe_key) DO NOTHING";

impl Writer {
    fn load(tx: &Transaction<'_>, org: OrgId) -> rusqlite::Result<Self> {
        let mut units = HashMap::new();
        let mut statement = tx.prepare("SELECT id, parent_id, name FROM units WHERE org_id = ?1")?;
        let mut rows = statement.query([org.0])?;
        while let Some(row) = rows.next()? {
            units.insert((row.get(1)?, row.get(2)?), row.get(0)?);
        }
        let mut agents = HashMap::new();
        let mut statement = tx.prepare("SELECT name, id FROM agents WHERE org_id = ?1")?;
        let mut rows = statement.query([org.0])?;
        while let Some(row) = rows.next()? {
            agents.insert(row.get(0)?, row.get(1)?);
        }
        let now = crate::now_ms();
        Ok(Writer { org: org.0, now, units, agents, contacts: HashMap::new(), outcome: InsertOutcome::default() })
    }

    fn write(&mut self, tx: &Transaction<'_>, rows: &[NewResponse]) -> rusqlite::Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        let last_seq: i64 = tx.query_row(
            "UPDATE counters SET value = value + ?1 WHERE name = 'response_seq' RETURNING value",
            [rows.len() as i64],
            |row| row.get(0),
        )?;
        let first_seq = last_seq - rows.len() as i64 + 1;
        let mut insert = tx.prepare_cached(INSERT_RESPONSE)?;
        for (i, r) in rows.iter().enumerate() {
            let unit = r.unit.as_ref().map(|path| self.unit(tx, path)).transpose()?;
            let agent = r.agent.as_deref().map(|name| self.agent(tx, name)).transpose()?;
            let contact = r
                .contact_email
                .as_ref()
                .map(vocal_domain::Email::as_str)
                .map(|email| self.contact(tx, email))
                .transpose()?;
            let attributes = serde_json::to_string(&r.attributes).unwrap_or_else(|_| "{}".into());
            let changed = insert.execute(params![
                self.org,
                first_seq + i as i64,
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
            self.outcome.inserted += changed as u64;
            self.outcome.duplicates += 1 - changed as u64;
        }
        Ok(())
    }

    fn unit(&mut self, tx: &Transaction<'_>, path: &UnitPath) -> rusqlite::Result<i64> {
        let mut parent = None;
        for name in path.names() {
            let key = (parent, name.clone());
            let id = match self.units.get(&key) {
                Some(&id) => id,
                None => {
                    tx.prepare_cached(
                        "INSERT INTO units (org_id, parent_id, name, created_at) VALUES (?1, ?2, ?3, ?4)",
                    )?
                    .execute(params![self.org, parent, name, self.now])?;
                    let id = tx.last_insert_rowid();
                    self.units.insert(key, id);
                    id
                }
            };
            parent = Some(id);
        }
        Ok(parent.expect("a unit path has at least one name"))
    }

    fn agent(&mut self, tx: &Transaction<'_>, name: &str) -> rusqlite::Result<i64> {
        if let Some(&id) = self.agents.get(name) {
            return Ok(id);
        }
        tx.prepare_cached("INSERT INTO agents (org_id, name, created_at) VALUES (?1, ?2, ?3)")?
            .execute(params![self.org, name, self.now])?;
        let id = tx.last_insert_rowid();
        self.agents.insert(name.to_string(), id);
        Ok(id)
    }

    fn contact(&mut self, tx: &Transaction<'_>, email: &str) -> rusqlite::Result<i64> {
        if let Some(&id) = self.contacts.get(email) {
            return Ok(id);
        }
        let existing: Option<i64> = tx
            .prepare_cached("SELECT id FROM contacts WHERE org_id = ?1 AND email = ?2")?
            .query_row(params![self.org, email], |row| row.get(0))
            .optional()?;
        let id = match existing {
            Some(id) => id,
            None => {
                tx.prepare_cached("INSERT INTO contacts (org_id, email, created_at) VALUES (?1, ?2, ?3)")?
                    .execute(params![self.org, email, self.now])?;
                tx.last_insert_rowid()
            }
        };
        self.contacts.insert(email.to_string(), id);
        Ok(id)
    }
}
