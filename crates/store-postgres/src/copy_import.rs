//! Streamed imports through `COPY`: each batch is copied into a temporary
//! staging table as it arrives, and on commit one `INSERT … SELECT` moves
//! the rows into `responses`, resolving units, agents and contacts by join.
//! A row is left out when its de-duplication key is stored already or an
//! earlier row of the file has it (the first copy wins), found by two
//! anti-joins rather than `ON CONFLICT`, whose per-row speculative insert
//! cost a third of the statement. That is exact because the change counter
//! is taken first: every writer of responses takes it before writing, so
//! from then on no other transaction adds a key until this one commits (one
//! that did would fail this import on the unique index, not duplicate a
//! row). The foreign keys stay, checked set-wise where the role allows
//! (`copy_references.rs`).
//!
//! Nothing but the batch in hand is held in memory. The change counter is
//! taken only at the end, before any unit, agent or contact is created, in
//! the same order as submissions take them (counter first), so an import
//! neither blocks submissions while its file is read nor deadlocks with them.

use sqlx::{PgConnection, PgPool};
use tokio::sync::mpsc::Receiver;
use vocal_domain::{OrgId, UnitPath};
use vocal_store::{InsertOutcome, NewResponse, StoreError, StoreResult, StreamItem, StreamOutcome, StreamTarget};

use crate::columns::attributes_json;
use crate::copy_references::{self, ReferenceChecks};
use crate::errors::{from_sqlx, unique_as};
use crate::units::UnitCache;

const CREATE_STAGING: &str = "CREATE TEMPORARY TABLE import_staging (
    ord BIGINT NOT NULL, survey_id BIGINT, score SMALLINT NOT NULL, comment TEXT, submitted_at BIGINT NOT NULL,
    channel TEXT, touchpoint TEXT, unit TEXT COLLATE \"C\", agent TEXT COLLATE \"C\", contact_email TEXT COLLATE \"C\",
    account TEXT, language TEXT, attributes TEXT NOT NULL, source TEXT NOT NULL, dedupe_key BYTEA
) ON COMMIT DROP";

const COPY_STAGING: &str = "COPY import_staging (ord, survey_id, score, comment, submitted_at, channel, touchpoint, \
     unit, agent, contact_email, account, language, attributes, source, dedupe_key) FROM STDIN";

const CREATE_UNIT_IDS: &str =
    "CREATE TEMPORARY TABLE import_units (unit TEXT COLLATE \"C\" PRIMARY KEY, id BIGINT NOT NULL) ON COMMIT DROP";

/// Sorted, so concurrent importers lock index entries in the same order.
const CREATE_AGENTS: &str = "INSERT INTO agents (org_id, name, created_at) \
     SELECT $1, name, $2 FROM (SELECT DISTINCT agent AS name FROM import_staging WHERE agent IS NOT NULL) AS new \
     ORDER BY name ON CONFLICT (org_id, name) DO NOTHING";

const CREATE_CONTACTS: &str = "INSERT INTO contacts (org_id, email, created_at) \
     SELECT $1, email, $2 FROM (SELECT DISTINCT contact_email AS email FROM import_staging \
     WHERE contact_email IS NOT NULL) AS new ORDER BY email ON CONFLICT (org_id, email) DO NOTHING";

/// Whether staged row `s` goes in: its key is not stored already and no
/// earlier row of the file has it (a row without a key always goes in).
/// `$1` is the organisation.
macro_rules! is_new_row {
    () => {
        "NOT EXISTS (SELECT 1 FROM responses r WHERE r.dedupe_key = s.dedupe_key AND r.org_id = $1) \
         AND NOT EXISTS (SELECT 1 FROM import_staging e WHERE e.dedupe_key = s.dedupe_key AND e.ord < s.ord)"
    };
}
pub(crate) use is_new_row;

const INSERT_RESPONSES: &str = concat!(
    "INSERT INTO responses (org_id, seq, survey_id, score, comment, submitted_at, \
     channel, touchpoint, unit_id, agent_id, contact_id, account, language, attributes, source, dedupe_key, created_at) \
     SELECT $1, $2 + s.ord, s.survey_id, s.score, s.comment, s.submitted_at, s.channel, s.touchpoint, u.id, a.id, \
     c.id, s.account, s.language, s.attributes, s.source, s.dedupe_key, $3 \
     FROM import_staging s \
     LEFT JOIN import_units u ON u.unit = s.unit \
     LEFT JOIN agents a ON a.org_id = $1 AND a.name = s.agent \
     LEFT JOIN contacts c ON c.org_id = $1 AND c.email = s.contact_email \
     WHERE ",
    is_new_row!(),
    " ORDER BY s.ord"
);

pub(crate) async fn insert_stream(
    pool: &PgPool,
    target: StreamTarget,
    mut items: Receiver<StreamItem>,
) -> StoreResult<StreamOutcome> {
    let mut tx = pool.begin().await.map_err(from_sqlx)?;
    let org = match target {
        StreamTarget::Existing(org) => org,
        StreamTarget::New { name, time_zone } => OrgId(
            sqlx::query_scalar(crate::shared::organisations::INSERT_ORG)
                .bind(name)
                .bind(time_zone)
                .bind(crate::now_ms())
                .fetch_one(&mut *tx)
                .await
                .map_err(unique_as("organisation name"))?,
        ),
    };
    sqlx::query(CREATE_STAGING).execute(&mut *tx).await.map_err(from_sqlx)?;
    let mut staged: u64 = 0;
    let mut buffer = Vec::new();
    while let Some(item) = items.recv().await {
        match item {
            StreamItem::Rows(rows) => {
                buffer.clear();
                for row in &rows {
                    encode_row(&mut buffer, staged, row);
                    staged += 1;
                }
                let mut copy = tx.copy_in_raw(COPY_STAGING).await.map_err(from_sqlx)?;
                copy.send(buffer.as_slice()).await.map_err(from_sqlx)?;
                copy.finish().await.map_err(from_sqlx)?;
            }
            StreamItem::Commit => {
                let outcome = move_staged_rows(&mut tx, org, staged).await?;
                tx.commit().await.map_err(from_sqlx)?;
                return Ok(StreamOutcome { org, outcome });
            }
        }
    }
    Err(StoreError::Aborted) // dropping the transaction rolls it back
}

/// Takes `staged` change numbers, creates what the rows name, and inserts
/// them, checking their references set-wise when the role is allowed to
/// (see `copy_references.rs`).
async fn move_staged_rows(conn: &mut PgConnection, org: OrgId, staged: u64) -> StoreResult<InsertOutcome> {
    if staged == 0 {
        return Ok(InsertOutcome::default());
    }
    // First the counter: see the module comment and `responses.rs`.
    let last_seq: i64 =
        sqlx::query_scalar("UPDATE counters SET value = value + $1 WHERE name = 'response_seq' RETURNING value")
            .bind(staged as i64)
            .fetch_one(&mut *conn)
            .await
            .map_err(from_sqlx)?;
    let first_seq = last_seq - staged as i64 + 1;
    sqlx::query("ANALYZE import_staging").execute(&mut *conn).await.map_err(from_sqlx)?;
    resolve_units(conn, org).await?;
    let checks = copy_references::triggers_off_if_allowed(conn).await?;
    if checks == ReferenceChecks::SetWise {
        copy_references::lock_org(conn, org).await?;
    }
    let now = crate::now_ms();
    for sql in [CREATE_AGENTS, CREATE_CONTACTS] {
        sqlx::query(sql).bind(org.0).bind(now).execute(&mut *conn).await.map_err(from_sqlx)?;
    }
    if checks == ReferenceChecks::SetWise {
        copy_references::check_and_lock(conn, org).await?;
    }
    let done = sqlx::query(INSERT_RESPONSES)
        .bind(org.0)
        .bind(first_seq)
        .bind(now)
        .execute(&mut *conn)
        .await
        .map_err(from_sqlx)?;
    if checks == ReferenceChecks::SetWise {
        copy_references::triggers_on(conn).await?;
    }
    let inserted = done.rows_affected();
    Ok(InsertOutcome { inserted, duplicates: staged - inserted })
}

/// Finds or creates every unit path the staged rows name (few, even in a
/// large file) and lists their ids in `import_units` for the final join.
async fn resolve_units(conn: &mut PgConnection, org: OrgId) -> StoreResult<()> {
    sqlx::query(CREATE_UNIT_IDS).execute(&mut *conn).await.map_err(from_sqlx)?;
    let paths: Vec<String> =
        sqlx::query_scalar("SELECT DISTINCT unit FROM import_staging WHERE unit IS NOT NULL ORDER BY unit")
            .fetch_all(&mut *conn)
            .await
            .map_err(from_sqlx)?;
    if paths.is_empty() {
        return Ok(());
    }
    let mut cache = UnitCache::load(conn, org).await?;
    let mut ids = Vec::with_capacity(paths.len());
    for text in &paths {
        let path = UnitPath::parse(text).map_err(|detail| StoreError::Corrupt {
            table: "import_staging",
            column: "unit",
            detail,
        })?;
        ids.push(cache.ensure(conn, org, &path).await?.0);
    }
    sqlx::query("INSERT INTO import_units (unit, id) SELECT * FROM UNNEST($1::text[], $2::bigint[])")
        .bind(&paths)
        .bind(&ids)
        .execute(&mut *conn)
        .await
        .map_err(from_sqlx)?;
    Ok(())
}

/// One row in `COPY`'s text format: tab-separated, `\N` for NULL.
fn encode_row(out: &mut Vec<u8>, ord: u64, row: &NewResponse) {
    out.extend_from_slice(ord.to_string().as_bytes());
    out.push(b'\t');
    put_number(out, row.survey_id.map(|s| s.0));
    out.extend_from_slice(row.score.value().to_string().as_bytes());
    out.push(b'\t');
    put_text(out, row.comment.as_deref());
    out.extend_from_slice(row.submitted_at_ms.to_string().as_bytes());
    out.push(b'\t');
    put_text(out, row.channel.as_deref());
    put_text(out, row.touchpoint.as_deref());
    put_text(out, row.unit.as_ref().map(UnitPath::to_string).as_deref());
    put_text(out, row.agent.as_deref());
    put_text(out, row.contact_email.as_deref());
    put_text(out, row.account.as_deref());
    put_text(out, row.language.as_deref());
    put_text(out, Some(attributes_json(row).as_str()));
    put_text(out, Some(row.source.as_str()));
    match &row.dedupe_key {
        None => out.extend_from_slice(b"\\N"),
        Some(key) => {
            out.extend_from_slice(b"\\\\x");
            for byte in key {
                out.extend_from_slice(format!("{byte:02x}").as_bytes());
            }
        }
    }
    out.push(b'\n');
}

fn put_number(out: &mut Vec<u8>, value: Option<i64>) {
    match value {
        None => out.extend_from_slice(b"\\N"),
        Some(n) => out.extend_from_slice(n.to_string().as_bytes()),
    }
    out.push(b'\t');
}

/// A text field with `COPY`'s escapes: backslash, tab, line feed and carriage return.
fn put_text(out: &mut Vec<u8>, value: Option<&str>) {
    match value {
        None => out.extend_from_slice(b"\\N"),
        Some(text) => {
            for &byte in text.as_bytes() {
                match byte {
                    b'\\' => out.extend_from_slice(b"\\\\"),
                    b'\t' => out.extend_from_slice(b"\\t"),
                    b'\n' => out.extend_from_slice(b"\\n"),
                    b'\r' => out.extend_from_slice(b"\\r"),
                    _ => out.push(byte),
                }
            }
        }
    }
    out.push(b'\t');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_escapes_cannot_end_a_field_or_a_row() {
        let mut out = Vec::new();
        put_text(&mut out, Some("a\tb\nc\\d\re"));
        assert_eq!(out, b"a\\tb\\nc\\\\d\\re\t");
        out.clear();
        put_text(&mut out, None);
        assert_eq!(out, b"\\N\t");
    }
}
