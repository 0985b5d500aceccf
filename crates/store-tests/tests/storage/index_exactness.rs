//! The index stays exact: after interleaved writes — import batches through
//! one process, single responses through a second process on the same
//! database, catch-ups and a snapshot in between — every figure equals the
//! same figure computed by SQL `GROUP BY` on the database.

use std::collections::BTreeMap;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sqlx::Row;
use vocal_app::live_index::OrgIndex;
use vocal_app::report::nps_report;
use vocal_domain::query::RawQuery;
use vocal_domain::{Bucket, OrgId, QuerySpec, Score, UnitId, UnitTree};
use vocal_index::snapshot::Selection;
use vocal_store::{NewResponse, Store};
use vocal_store_postgres::PostgresStore;
use vocal_store_sqlite::SqliteStore;

use crate::fixtures::{new_org, path};

/// (group label, n, promoters, detractors) as SQL counts them.
type Figures = BTreeMap<String, (u64, u64, u64)>;

/// The same SQL on both backends; only the pool differs.
trait SqlCounts: Store {
    async fn sql(&self, org: OrgId, group: &str, filter: &str) -> Vec<(Option<String>, i64, i64, i64)>;
}

const COUNTS: &str =
    "COUNT(*), SUM(CASE WHEN score >= 9 THEN 1 ELSE 0 END), SUM(CASE WHEN score <= 6 THEN 1 ELSE 0 END)";

fn counting_sql(group: &str, filter: &str) -> String {
    format!("SELECT CAST({group} AS TEXT), {COUNTS} FROM responses WHERE org_id = $1 {filter} GROUP BY {group}")
}

impl SqlCounts for SqliteStore {
    async fn sql(&self, org: OrgId, group: &str, filter: &str) -> Vec<(Option<String>, i64, i64, i64)> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(counting_sql(group, filter)))
            .bind(org.0)
            .fetch_all(self.pool())
            .await
            .unwrap();
        rows.iter().map(|r| (r.get(0), r.get(1), r.get(2), r.get(3))).collect()
    }
}

impl SqlCounts for PostgresStore {
    async fn sql(&self, org: OrgId, group: &str, filter: &str) -> Vec<(Option<String>, i64, i64, i64)> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(counting_sql(group, filter)))
            .bind(org.0)
            .fetch_all(self.pool())
            .await
            .unwrap();
        rows.iter().map(|r| (r.get(0), r.get(1), r.get(2), r.get(3))).collect()
    }
}

const TEAMS: [&str; 4] = ["Acme/East/Team A", "Acme/East/Team B", "Acme/West/Team C", "Acme/West"];
const CHANNELS: [Option<&str>; 3] = [Some("email"), Some("sms"), None];

fn random_response(rng: &mut StdRng) -> NewResponse {
    let day = rng.random_range(0..120i64);
    NewResponse {
        dedupe_key: None,
        score: Score::new(rng.random_range(0..=10)).unwrap(),
        comment: None,
        submitted_at_ms: 1_767_225_600_000 + day * 86_400_000 + rng.random_range(0..86_400_000),
        channel: CHANNELS[rng.random_range(0..CHANNELS.len())].map(String::from),
        touchpoint: None,
        unit: Some(path(TEAMS[rng.random_range(0..TEAMS.len())])),
        agent: None,
        contact_email: None,
        account: None,
        language: None,
        survey_id: None,
        source: "test".into(),
        attributes: BTreeMap::new(),
    }
}

fn vocal_figures(index: &OrgIndex, by: &str, filter: Option<&str>) -> Figures {
    let raw = RawQuery { by: Some(by), filters: filter.into_iter().collect(), min_n: Some("1"), ..Default::default() };
    let spec = QuerySpec::parse(&raw, &index.index.attribute_names()).unwrap();
    let report = nps_report(index, &spec).unwrap();
    report
        .groups
        .iter()
        .map(|g| (g.key.0[0].1.clone().unwrap_or_default(), (g.figure.n, g.figure.promoters, g.figure.detractors)))
        .collect()
}

/// SQL rows keyed by `label`, summed when several map to one label.
fn sql_figures(rows: Vec<(Option<String>, i64, i64, i64)>, label: impl Fn(Option<String>) -> String) -> Figures {
    let mut figures = Figures::new();
    for (key, n, p, d) in rows {
        let entry = figures.entry(label(key)).or_default();
        *entry = (entry.0 + n as u64, entry.1 + p as u64, entry.2 + d as u64);
    }
    figures
}

async fn assert_exact<S: SqlCounts>(store: &S, index: &OrgIndex, org: OrgId) {
    let units = UnitTree::new(store.list_units(org).await.unwrap());
    let region = |id: Option<String>| {
        let id = UnitId(id.unwrap().parse().unwrap());
        units.path(units.ancestor_at_level(id, 2).unwrap())
    };
    let by_region = sql_figures(store.sql(org, "unit_id", "").await, region);
    assert_eq!(vocal_figures(index, "unit:2", None), by_region, "by region");
    let by_channel = sql_figures(store.sql(org, "channel", "").await, |c| c.unwrap_or_default());
    assert_eq!(vocal_figures(index, "channel", None), by_channel, "by channel");
    let week = "(submitted_at / 86400000) - ((submitted_at / 86400000 + 3) % 7)";
    let label = |w: Option<String>| Bucket::Week.label(w.unwrap().parse().unwrap());
    let by_week = sql_figures(store.sql(org, week, "AND channel = 'sms'").await, label);
    assert_eq!(vocal_figures(index, "week", Some("channel=sms")), by_week, "sms by week");
}

async fn interleaved_writes_keep_the_index_exact<S: SqlCounts>(first: S, second: S) {
    let org = new_org(&first, "Acme").await;
    let organisation = first.list_orgs().await.unwrap().remove(0);
    let snapshots = tempfile::tempdir().unwrap();
    let mut index = OrgIndex::open(&first, organisation.clone(), Some(snapshots.path()), Selection::All).await.unwrap();
    let mut rng = StdRng::seed_from_u64(7);
    for step in 0..40 {
        match rng.random_range(0..4) {
            0 => {
                let batch = (0..rng.random_range(1..60)).map(|_| random_response(&mut rng)).collect();
                first.insert_responses(org, batch).await.unwrap();
            }
            1 => {
                second.insert_responses(org, vec![random_response(&mut rng)]).await.unwrap();
            }
            2 => {
                index.catch_up(&first).await.unwrap();
            }
            _ => {
                index.catch_up(&first).await.unwrap();
                index.save_snapshot().unwrap();
                // A fresh process: a partial load from the snapshot, then catch-up.
                let columns = Selection::Only(["scores", "days", "label:channel"].map(String::from).into());
                let partial =
                    OrgIndex::open(&second, organisation.clone(), Some(snapshots.path()), columns).await.unwrap();
                assert_eq!(
                    vocal_figures(&partial, "week", Some("channel=sms")),
                    vocal_figures(&index, "week", Some("channel=sms")),
                    "step {step}"
                );
            }
        }
    }
    index.catch_up(&first).await.unwrap();
    assert!(index.index.rows() > 100, "the test wrote enough: {}", index.index.rows());
    assert_exact(&first, &index, org).await;
}

mod sqlite {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn interleaved_writes_keep_the_index_exact() {
        let dir = tempfile::tempdir().unwrap();
        let first = vocal_store_sqlite::SqliteStore::open_dir(dir.path()).await.unwrap();
        let second = vocal_store_sqlite::SqliteStore::open_dir(dir.path()).await.unwrap();
        super::interleaved_writes_keep_the_index_exact(first, second).await;
    }
}

mod postgres {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn interleaved_writes_keep_the_index_exact() {
        crate::backends::with_postgres_database(|url| async move {
            let first = vocal_store_postgres::PostgresStore::connect(&url).await.unwrap();
            let second = vocal_store_postgres::PostgresStore::connect(&url).await.unwrap();
            super::interleaved_writes_keep_the_index_exact(first.clone(), second.clone()).await;
            first.pool().close().await;
            second.pool().close().await;
        })
        .await;
    }
}
