//! Several workers, on their own connections to one database (as several
//! `vocal serve` processes are), claiming from one queue at the same time:
//! every job runs exactly once.

use std::collections::BTreeMap;

use vocal_app::jobs::worker::{Step, step, worker_name};
use vocal_app::messaging::email::{Mail, Mailer};
use vocal_store::{JobState, Store};

use crate::fixtures::new_org;

const JOBS: usize = 120;
const WORKERS_PER_STORE: usize = 2;

async fn concurrent_workers_run_every_job_exactly_once<S: Store>(stores: [S; 2]) {
    let org = new_org(&stores[0], "Acme").await;
    // Without SMTP each run keeps its message in the outbox: one row per run.
    let mailer = Mailer::new(None, None).unwrap();
    for n in 0..JOBS {
        let mail = Mail::Test { organisation: format!("job {n}"), public_url: "http://vocal.test".into() };
        mailer.queue(&stores[0], org, &mail.message("ana@example.com").unwrap()).await.unwrap();
    }

    let mut workers = Vec::new();
    for (s, store) in stores.iter().enumerate() {
        for w in 0..WORKERS_PER_STORE {
            let (store, mailer, owner) = (store.clone(), mailer.clone(), worker_name(s * 10 + w));
            workers.push(tokio::spawn(async move {
                let mut ran = 0;
                while let Step::Done(_) = step(&store, &mailer, &owner).await.unwrap() {
                    ran += 1;
                }
                ran
            }));
        }
    }
    let mut total = 0;
    for worker in workers {
        total += worker.await.unwrap();
    }

    assert_eq!(total, JOBS, "as many runs as jobs");
    let jobs = stores[1].list_jobs(org, None, 1_000).await.unwrap();
    assert_eq!(jobs.len(), JOBS);
    assert!(jobs.iter().all(|j| j.state == JobState::Done && j.attempts == 1), "each claimed once");
    let mut per_subject: BTreeMap<String, usize> = BTreeMap::new();
    for email in stores[0].list_emails(org, 1_000).await.unwrap() {
        *per_subject.entry(email.subject).or_default() += 1;
    }
    assert_eq!(per_subject.len(), JOBS, "every job ran");
    assert!(per_subject.values().all(|&n| n == 1), "none ran twice: {per_subject:?}");
}

mod sqlite {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_workers_run_every_job_exactly_once() {
        let dir = tempfile::tempdir().unwrap();
        let open = || vocal_store_sqlite::SqliteStore::open_dir(dir.path());
        super::concurrent_workers_run_every_job_exactly_once([open().await.unwrap(), open().await.unwrap()]).await;
    }
}

mod postgres {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_workers_run_every_job_exactly_once() {
        crate::backends::with_postgres_database(|url| async move {
            let open = || vocal_store_postgres::PostgresStore::connect(&url);
            super::concurrent_workers_run_every_job_exactly_once([open().await.unwrap(), open().await.unwrap()]).await;
        })
        .await;
    }
}
