//! Several `vocal serve` processes on one database: each sees a response
//! written through another within 2 seconds, over HTTP.

use std::time::{Duration, Instant};

use vocal_app::settings::Settings;
use vocal_store::{ApiScope, Store};
use vocal_web::App;

use crate::fixtures::{new_org, response};

/// Starts a server on its own connections to the database; returns its base URL.
async fn start<S: Store>(store: S, data: &std::path::Path) -> String {
    let settings = Settings { data: data.to_path_buf(), refresh_ms: 200, ..Settings::default() };
    let app = App::start(store, settings).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(vocal_web::serve(app, listener, std::future::pending()));
    base
}

async fn count(base: &str, key: &str) -> u64 {
    let body: serde_json::Value = reqwest::Client::new()
        .get(format!("{base}/api/v1/nps"))
        .bearer_auth(key)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    body["overall"]["n"].as_u64().unwrap()
}

async fn each_server_sees_the_others_writes<S: Store>(stores: [S; 3]) {
    let [writer, one, two] = stores;
    let org = new_org(&writer, "Acme").await;
    writer.insert_responses(org, vec![response(9)]).await.unwrap();
    let key = vocal_app::accounts::api_keys::issue(&writer, org, "test", ApiScope::Read).await.unwrap().secret;
    let data = tempfile::tempdir().unwrap();
    let servers = [start(one, &data.path().join("one")).await, start(two, &data.path().join("two")).await];
    for base in &servers {
        assert_eq!(count(base, &key).await, 1);
    }
    writer.insert_responses(org, vec![response(3), response(10)]).await.unwrap();
    let written = Instant::now();
    for base in &servers {
        while count(base, &key).await != 3 {
            assert!(written.elapsed() < Duration::from_secs(2), "{base} did not see the write within 2 s");
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }
}

mod sqlite {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn each_server_sees_the_others_writes() {
        let dir = tempfile::tempdir().unwrap();
        let open = || vocal_store_sqlite::SqliteStore::open_dir(dir.path());
        let stores = [open().await.unwrap(), open().await.unwrap(), open().await.unwrap()];
        super::each_server_sees_the_others_writes(stores).await;
    }
}

mod postgres {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn each_server_sees_the_others_writes() {
        crate::backends::with_postgres_database(|url| async move {
            let open = || vocal_store_postgres::PostgresStore::connect(&url);
            let stores = [open().await.unwrap(), open().await.unwrap(), open().await.unwrap()];
            super::each_server_sees_the_others_writes(stores).await;
        })
        .await;
    }
}
