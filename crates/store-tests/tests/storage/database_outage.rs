//! The database goes away under a running server (a restart, a network
//! cut): submissions get 503 — never a 2xx for something not stored — and
//! the server recovers by itself when the database is back. PostgreSQL is
//! reached through a TCP proxy the test can cut.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use vocal_app::settings::Settings;
use vocal_store::{ApiScope, Organisations, Responses};
use vocal_store_postgres::PostgresStore;
use vocal_web::App;

use crate::backends::{DATABASE_URL_VARIABLE, with_postgres_database};

/// Forwards `127.0.0.1:port` to `upstream` while up; when cut, drops every
/// connection and refuses new ones, as a stopped server would.
struct Proxy {
    port: u16,
    up: watch::Sender<bool>,
}

async fn proxy(upstream: SocketAddr) -> Proxy {
    let first = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = first.local_addr().unwrap().port();
    let (up, mut state) = watch::channel(true);
    tokio::spawn(async move {
        let mut listener = Some(first);
        loop {
            let bound = match listener.take() {
                Some(l) => l,
                None => TcpListener::bind(("127.0.0.1", port)).await.unwrap(),
            };
            let mut connections = tokio::task::JoinSet::new();
            loop {
                tokio::select! {
                    accepted = bound.accept() => {
                        let Ok((mut client, _)) = accepted else { continue };
                        connections.spawn(async move {
                            if let Ok(mut server) = TcpStream::connect(upstream).await {
                                let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                            }
                        });
                    }
                    changed = state.changed() => {
                        if changed.is_err() { return; }
                        if !*state.borrow() { break; }
                    }
                }
            }
            drop(bound);
            connections.abort_all();
            while !*state.borrow() {
                if state.changed().await.is_err() {
                    return;
                }
            }
        }
    });
    Proxy { port, up }
}

async fn post(base: &str, key: &str, score: u8) -> u16 {
    let sent = reqwest::Client::new()
        .post(format!("{base}/api/v1/responses"))
        .bearer_auth(key)
        .timeout(Duration::from_secs(40))
        .body(format!(r#"{{"score": {score}}}"#))
        .send()
        .await;
    sent.map_or(0, |r| r.status().as_u16())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_outage_gives_503_and_the_server_recovers() {
    if std::env::var(DATABASE_URL_VARIABLE).is_err() {
        eprintln!("skipped: {DATABASE_URL_VARIABLE} is not set");
        return;
    }
    with_postgres_database(|url| async move {
        let upstream = url.split("://").nth(1).unwrap().split(['/', '?']).next().unwrap();
        let authority = upstream.rsplit('@').next().unwrap();
        let upstream: SocketAddr = tokio::net::lookup_host(authority).await.unwrap().next().unwrap();
        let proxy = proxy(upstream).await;
        let through_proxy = url.replacen(authority, &format!("127.0.0.1:{}", proxy.port), 1);

        let store = PostgresStore::connect(&through_proxy).await.unwrap();
        let org = store.create_org("Acme", "UTC").await.unwrap();
        let key = vocal_app::accounts::api_keys::issue(&store, org.id, "w", ApiScope::Write).await.unwrap().secret;
        let data = tempfile::tempdir().unwrap();
        let settings = Settings { data: data.path().to_path_buf(), ..Settings::default() };
        let app = App::start(store.clone(), settings).await.unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(vocal_web::serve(app, listener, std::future::pending()));

        assert_eq!(post(&base, &key, 9).await, 201);
        proxy.up.send(false).unwrap();
        tokio::time::sleep(Duration::from_millis(100)).await;
        let cut = Instant::now();
        assert_eq!(post(&base, &key, 1).await, 503, "a write during the outage is refused, not acknowledged");
        // The pool retries connecting for its acquire timeout (10 s) before giving up.
        assert!(cut.elapsed() < Duration::from_secs(15), "refusals must not hang: {:?}", cut.elapsed());

        proxy.up.send(true).unwrap();
        let back = Instant::now();
        let mut status = 0;
        while back.elapsed() < Duration::from_secs(30) {
            status = post(&base, &key, 10).await;
            if status == 201 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        assert_eq!(status, 201, "the server recovers by itself");
        // Exactly the two acknowledged responses are stored, none of the refused ones.
        let direct = PostgresStore::connect(&url).await.unwrap();
        let stored = direct.responses_after(org.id, 0, 100).await.unwrap();
        let scores: Vec<u8> = stored.iter().map(|r| r.score.value()).collect();
        assert_eq!(scores, [9, 10]);
        direct.pool().close().await;
    })
    .await;
}
