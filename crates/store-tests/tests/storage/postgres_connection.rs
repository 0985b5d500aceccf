//! What only the PostgreSQL backend has: a server to reach, credentials in
//! the URL, and a durability setting the server could relax.

use sqlx::Row;
use vocal_store::{Organisations, Responses, StoreError};
use vocal_store_postgres::PostgresStore;

use crate::backends::{DATABASE_URL_VARIABLE, admin, url_for_database, with_postgres_database};
use crate::fixtures::{all_responses, new_org, response};

const FAKE_PASSWORD: &str = "hunter2-never-shown";

fn unavailable_message(result: Result<PostgresStore, StoreError>) -> String {
    match result {
        Err(StoreError::Unavailable(message)) => message,
        other => panic!("expected Unavailable, got {other:?}"),
    }
}

#[tokio::test]
async fn postgres_an_unreachable_server_is_unavailable_without_the_password() {
    let url = format!("postgres://vocal:{FAKE_PASSWORD}@127.0.0.1:1/vocal");

    let message = unavailable_message(PostgresStore::connect(&url).await);

    assert!(!message.contains(FAKE_PASSWORD), "{message}");
    assert!(message.contains("postgres://vocal:***@127.0.0.1:1/vocal"), "{message}");
    assert!(!message.contains('\n'), "{message}");
}

#[tokio::test]
async fn postgres_a_malformed_url_is_unavailable_without_the_password() {
    let url = format!("postgres://vocal:{FAKE_PASSWORD}@127.0.0.1:port/vocal");

    let message = unavailable_message(PostgresStore::connect(&url).await);

    assert!(message.starts_with("invalid database URL"), "{message}");
    assert!(!message.contains(FAKE_PASSWORD), "{message}");
}

#[tokio::test]
async fn postgres_a_missing_database_is_unavailable() {
    let Ok(server) = std::env::var(DATABASE_URL_VARIABLE) else {
        eprintln!("skipped: {DATABASE_URL_VARIABLE} is not set");
        return;
    };
    let url = url_for_database(&server, "vocal_test_no_such_database");

    let message = unavailable_message(PostgresStore::connect(&url).await);

    assert!(message.contains("vocal_test_no_such_database"), "{message}");
}

#[tokio::test]
async fn postgres_debug_output_hides_the_password() {
    with_postgres_database(|url| async move {
        // The suite's server trusts local connections, so a password added
        // to a URL that had none is accepted and ignored.
        let url = if has_password(&url) {
            url
        } else {
            url.replacen("://postgres@", &format!("://postgres:{FAKE_PASSWORD}@"), 1)
        };
        let store = PostgresStore::connect(&url).await.unwrap();

        let shown = format!("{store:?}");

        assert!(shown.contains(":***@"), "{shown}");
        assert!(!shown.contains(FAKE_PASSWORD), "{shown}");
        store.pool().close().await;
    })
    .await;
}

fn has_password(url: &str) -> bool {
    let user_info = url.split_once("://").and_then(|(_, rest)| rest.rsplit_once('@')).map(|(info, _)| info);
    user_info.is_some_and(|info| info.contains(':'))
}

#[tokio::test]
async fn postgres_every_connection_commits_synchronously_even_when_the_database_says_otherwise() {
    with_postgres_database(|url| async move {
        let database = url.rsplit_once('/').map(|(_, name)| name.split('?').next().unwrap().to_string()).unwrap();
        let server = std::env::var(DATABASE_URL_VARIABLE).unwrap();
        admin(&server, &format!("ALTER DATABASE {database} SET synchronous_commit = off")).await;
        let store = PostgresStore::connect(&url).await.unwrap();

        let mut connections = Vec::new();
        for _ in 0..3 {
            connections.push(store.pool().acquire().await.unwrap());
        }
        for connection in &mut connections {
            let row = sqlx::query("SHOW synchronous_commit").fetch_one(&mut **connection).await.unwrap();
            assert_eq!(row.get::<String, _>(0), "on");
        }
        drop(connections);
        store.pool().close().await;
    })
    .await;
}

#[tokio::test]
async fn postgres_reconnecting_keeps_the_instance_id_and_the_data() {
    with_postgres_database(|url| async move {
        let first = PostgresStore::connect(&url).await.unwrap();
        let org = new_org(&first, "Acme").await;
        first.insert_responses(org, vec![response(9)]).await.unwrap();
        let instance = first.instance_id().await.unwrap();
        first.pool().close().await;

        let second = PostgresStore::connect(&url).await.unwrap();

        assert_eq!(second.instance_id().await.unwrap(), instance);
        assert_eq!(all_responses(&second, org).await.len(), 1);
        second.pool().close().await;
    })
    .await;
}
