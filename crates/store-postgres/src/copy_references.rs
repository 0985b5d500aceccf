//! The foreign keys of an import's rows, checked once per referenced row
//! rather than once per imported row.
//!
//! PostgreSQL checks a foreign key with a trigger per inserted row and key:
//! one lookup and one row lock each, five keys on `responses`. Measured on a
//! million imported rows, those triggers cost about as much CPU as the
//! insert itself (`docs/benchmarks.md`). When the role may set
//! `session_replication_role` (a superuser, or `GRANT SET ON PARAMETER
//! session_replication_role` on PostgreSQL 15+), the import turns the
//! triggers off for its own statements and does here what they would have
//! done, set-wise: every referenced row is looked up and locked `FOR KEY
//! SHARE` (so no one can delete it before the import commits), and a
//! reference to a row that does not exist fails the import, nothing stored.
//! The constraints stay on the table for every other writer. Without that
//! privilege the triggers run as before: slower, the same outcome.

use sqlx::PgConnection;
use vocal_domain::OrgId;
use vocal_store::{StoreError, StoreResult};

use crate::errors::from_sqlx;

/// How the references of the rows an import moves are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ReferenceChecks {
    /// PostgreSQL's per-row foreign-key triggers.
    Triggers,
    /// [`check_and_lock`], with the triggers off for this transaction's statements.
    SetWise,
}

/// Turns this transaction's foreign-key triggers off when the role may;
/// otherwise leaves them on. A refusal is undone by its savepoint, so the
/// transaction goes on either way.
pub(crate) async fn triggers_off_if_allowed(conn: &mut PgConnection) -> StoreResult<ReferenceChecks> {
    sqlx::query("SAVEPOINT reference_checks").execute(&mut *conn).await.map_err(from_sqlx)?;
    let replica = sqlx::query("SET LOCAL session_replication_role = replica").execute(&mut *conn).await;
    let (release, checks) = match replica {
        Ok(_) => ("RELEASE SAVEPOINT reference_checks", ReferenceChecks::SetWise),
        Err(sqlx::Error::Database(error)) if error.code().as_deref() == Some("42501") => {
            ("ROLLBACK TO SAVEPOINT reference_checks", ReferenceChecks::Triggers)
        }
        Err(other) => return Err(from_sqlx(other)),
    };
    sqlx::query(release).execute(&mut *conn).await.map_err(from_sqlx)?;
    Ok(checks)
}

/// Turns the triggers back on for whatever this transaction does next.
pub(crate) async fn triggers_on(conn: &mut PgConnection) -> StoreResult<()> {
    sqlx::query("SET LOCAL session_replication_role = origin").execute(conn).await.map_err(from_sqlx)?;
    Ok(())
}

/// Locks the organisation the import writes into; before anything refers to it.
pub(crate) async fn lock_org(conn: &mut PgConnection, org: OrgId) -> StoreResult<()> {
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM organisations WHERE id = $1 FOR KEY SHARE")
        .bind(org.0)
        .fetch_optional(conn)
        .await
        .map_err(from_sqlx)?;
    found.map(|_| ()).ok_or_else(|| missing("org_id", "organisations", 1))
}

/// Each check: the table referred to, the column referring, and the ids the
/// rows that go in refer to (distinct, `NULL`s left out). Units, agents and
/// contacts are found or created by this transaction and joined by the
/// insert, so they exist; they are listed for every staged row, skipped
/// duplicates included, which locks a few rows more than the triggers
/// would but refuses nothing they would accept.
const REFERENCES: [(&str, &str, &str); 4] = [
    // Only the rows that go in: a skipped duplicate refers to nothing.
    (
        "surveys",
        "survey_id",
        concat!(
            "SELECT DISTINCT s.survey_id FROM import_staging s WHERE s.survey_id IS NOT NULL AND ",
            crate::copy_import::is_new_row!()
        ),
    ),
    ("units", "unit_id", "SELECT id FROM import_units"),
    (
        "agents",
        "agent_id",
        "SELECT a.id FROM agents a WHERE a.org_id = $1 \
         AND a.name IN (SELECT agent FROM import_staging WHERE agent IS NOT NULL)",
    ),
    (
        "contacts",
        "contact_id",
        "SELECT c.id FROM contacts c WHERE c.org_id = $1 \
         AND c.email IN (SELECT contact_email FROM import_staging WHERE contact_email IS NOT NULL)",
    ),
];

/// Locks every row the staged rows refer to, as the triggers would, and
/// fails when one of them does not exist. Runs after the agents and
/// contacts were created and `import_units` filled, before the insert.
pub(crate) async fn check_and_lock(conn: &mut PgConnection, org: OrgId) -> StoreResult<()> {
    for (table, column, referenced) in REFERENCES {
        // Sorted, so concurrent importers take their locks in the same order.
        let sql = format!(
            "WITH wanted AS ({referenced}), locked AS (SELECT t.id FROM {table} t WHERE t.id IN (SELECT * FROM wanted) \
             ORDER BY t.id FOR KEY SHARE OF t) \
             SELECT (SELECT count(*) FROM wanted) - (SELECT count(*) FROM locked)"
        );
        let mut query = sqlx::query_scalar(sqlx::AssertSqlSafe(sql));
        if referenced.contains("$1") {
            query = query.bind(org.0);
        }
        let missing_rows: i64 = query.fetch_one(&mut *conn).await.map_err(from_sqlx)?;
        if missing_rows != 0 {
            return Err(missing(column, table, missing_rows));
        }
    }
    Ok(())
}

/// The error a foreign-key trigger would have raised, in the same words.
fn missing(column: &str, table: &str, count: i64) -> StoreError {
    StoreError::Database(format!(
        "insert or update on table \"responses\" violates foreign key constraint on {column}: \
         {count} referenced row(s) not present in table \"{table}\""
    ))
}
