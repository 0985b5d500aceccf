//! Responses turned column-wise for one `INSERT … SELECT … FROM UNNEST`:
//! each column travels as one array, so the statement text and its plan
//! are the same whatever the number of rows. Group commits use it (imports
//! go through `COPY`, see `copy_import.rs`).

use sqlx::Postgres;
use sqlx::postgres::PgArguments;
use sqlx::query::Query;
use vocal_store::NewResponse;

macro_rules! insert_sql {
    () => {
        "INSERT INTO responses (org_id, seq, survey_id, score, comment, submitted_at, channel, touchpoint, unit_id, \
         agent_id, contact_id, account, language, attributes, source, dedupe_key, created_at) \
         SELECT new.*, $17 FROM UNNEST($1::bigint[], $2::bigint[], $3::bigint[], $4::smallint[], $5::text[], \
         $6::bigint[], $7::text[], $8::text[], $9::bigint[], $10::bigint[], $11::bigint[], $12::text[], \
         $13::text[], $14::text[], $15::text[], $16::bytea[]) AS new \
         ON CONFLICT (org_id, dedupe_key) DO NOTHING"
    };
}

/// The insert telling which rows went in: a row whose de-duplication key
/// is stored already is skipped and missing here (`seq` is unique per row).
pub(crate) const INSERT_RETURNING: &str = concat!(insert_sql!(), " RETURNING seq, id");

/// A response with its organisation, its sequence number and the ids of
/// the unit, agent and contact it names, found or created beforehand.
pub(crate) struct Resolved<'a> {
    pub(crate) org: i64,
    pub(crate) seq: i64,
    pub(crate) response: &'a NewResponse,
    pub(crate) unit: Option<i64>,
    pub(crate) agent: Option<i64>,
    pub(crate) contact: Option<i64>,
}

/// Binds `rows` column-wise to `sql` ([`INSERT_RETURNING`]).
pub(crate) fn bind_rows(sql: &'static str, rows: &[Resolved<'_>], now: i64) -> Query<'static, Postgres, PgArguments> {
    sqlx::query(sql)
        .bind(rows.iter().map(|r| r.org).collect::<Vec<_>>())
        .bind(rows.iter().map(|r| r.seq).collect::<Vec<_>>())
        .bind(rows.iter().map(|r| r.response.survey_id.map(|s| s.0)).collect::<Vec<_>>())
        .bind(rows.iter().map(|r| i16::from(r.response.score.value())).collect::<Vec<_>>())
        .bind(texts(rows, |r| r.comment.as_deref()))
        .bind(rows.iter().map(|r| r.response.submitted_at_ms).collect::<Vec<_>>())
        .bind(texts(rows, |r| r.channel.as_deref()))
        .bind(texts(rows, |r| r.touchpoint.as_deref()))
        .bind(rows.iter().map(|r| r.unit).collect::<Vec<_>>())
        .bind(rows.iter().map(|r| r.agent).collect::<Vec<_>>())
        .bind(rows.iter().map(|r| r.contact).collect::<Vec<_>>())
        .bind(texts(rows, |r| r.account.as_deref()))
        .bind(texts(rows, |r| r.language.as_deref()))
        .bind(rows.iter().map(|r| attributes_json(r.response)).collect::<Vec<_>>())
        .bind(rows.iter().map(|r| r.response.source.as_str()).collect::<Vec<_>>())
        .bind(rows.iter().map(|r| r.response.dedupe_key.as_ref().map(|k| &k[..])).collect::<Vec<_>>())
        .bind(now)
}

fn texts<'a>(rows: &[Resolved<'a>], field: impl Fn(&'a NewResponse) -> Option<&'a str>) -> Vec<Option<&'a str>> {
    rows.iter().map(|r| field(r.response)).collect()
}

pub(crate) fn attributes_json(response: &NewResponse) -> String {
    serde_json::to_string(&response.attributes).unwrap_or_else(|_| "{}".into())
}
