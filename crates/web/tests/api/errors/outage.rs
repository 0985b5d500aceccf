//! 503 on every surface when PostgreSQL goes away under a running server:
//! the server reaches it through a TCP proxy that the test cuts. Runs when
//! `VOCAL_TEST_DATABASE_URL` names a server; each run has its own database.

use std::net::SocketAddr;

use tokio::net::{TcpListener, TcpStream};
use vocal_app::accounts::users::{NewAccount, create};
use vocal_app::settings::Settings;
use vocal_domain::Role;
use vocal_store::{ApiScope, prelude::*};
use vocal_store_postgres::PostgresStore;
use vocal_web::App;

use super::{answer, assert_api_fault, assert_page_fault};
use crate::invitations::INVITE;
use crate::signed_in::{PASSWORD, browser};

const DATABASE_URL_VARIABLE: &str = "VOCAL_TEST_DATABASE_URL";

/// Forwards to `upstream` until `cut` is sent; then drops every connection
/// and accepts no more, as a stopped server would.
async fn proxy(upstream: SocketAddr) -> (u16, tokio::sync::oneshot::Sender<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (cut, mut cut_heard) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        let mut connections = tokio::task::JoinSet::new();
        loop {
            tokio::select! {
                accepted = listener.accept() => {
                    let Ok((mut client, _)) = accepted else { continue };
                    connections.spawn(async move {
                        if let Ok(mut server) = TcpStream::connect(upstream).await {
                            let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                        }
                    });
                }
                _ = &mut cut_heard => break,
            }
        }
        connections.abort_all();
    });
    (port, cut)
}

async fn admin_sql(server_url: &str, sql: &str) {
    use sqlx::Connection;
    let mut connection = sqlx::PgConnection::connect(server_url).await.unwrap();
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned())).execute(&mut connection).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_surface_answers_503_with_its_request_id_when_postgres_is_cut() {
    let Ok(server_url) = std::env::var(DATABASE_URL_VARIABLE) else {
        eprintln!("skipped: {DATABASE_URL_VARIABLE} is not set");
        return;
    };
    let name = format!("vocal_test_{:016x}", rand::random::<u64>());
    admin_sql(&server_url, &format!("CREATE DATABASE {name}")).await;
    // Spawned so that a failing test still drops its database below.
    let outcome = tokio::spawn(surfaces_during_an_outage(server_url.clone(), name.clone())).await;
    admin_sql(&server_url, &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await;
    if let Err(failure) = outcome {
        std::panic::resume_unwind(failure.into_panic());
    }
}

async fn surfaces_during_an_outage(server_url: String, name: String) {
    let url = url::Url::parse(&server_url).unwrap();
    let authority = format!("{}:{}", url.host_str().unwrap(), url.port().unwrap_or(5432));
    let upstream = tokio::net::lookup_host(&authority).await.unwrap().next().unwrap();
    let (port, cut) = proxy(upstream).await;
    let mut through_proxy = url.clone();
    through_proxy.set_host(Some("127.0.0.1")).unwrap();
    through_proxy.set_port(Some(port)).unwrap();
    through_proxy.set_path(&name);

    let store = PostgresStore::connect(through_proxy.as_str()).await.unwrap();
    let org = store.create_org("Acme", "UTC").await.unwrap();
    store.put_survey(org.id, vocal_app::demo::seed::demo_survey()).await.unwrap();
    let write_key = vocal_app::accounts::api_keys::issue(&store, org.id, "w", ApiScope::Write).await.unwrap().secret;
    let account = NewAccount {
        email: "admin@example.com".into(),
        name: "Admin".into(),
        role: Role::Admin,
        unit: None,
        agent: None,
    };
    create(&store, org.id, account, Some(PASSWORD.into())).await.unwrap();
    let data = tempfile::tempdir().unwrap();
    let settings = Settings {
        data: data.path().to_path_buf(),
        public_url: Some("http://vocal.test".into()),
        ..Settings::default()
    };
    let app = App::start(store.clone(), settings).await.unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(vocal_web::serve(app, listener, std::future::pending()));

    let admin = browser();
    let form = [("email", "admin@example.com"), ("password", PASSWORD), ("next", "/dashboard")];
    let signed_in = admin.post(format!("{base}/sign-in")).form(&form).send().await.unwrap();
    assert_eq!(signed_in.status().as_u16(), 303);
    let invited = reqwest::Client::new()
        .post(format!("{base}/api/v1/invitations"))
        .bearer_auth(&write_key)
        .header("content-type", "application/json")
        .body(INVITE)
        .send()
        .await
        .unwrap();
    assert_eq!(invited.status().as_u16(), 201);
    let invitation: serde_json::Value = invited.json().await.unwrap();
    let survey_path = invitation["survey_url"].as_str().unwrap().strip_prefix("http://vocal.test").unwrap().to_string();

    cut.send(()).unwrap();
    // The pool tries to reconnect for its acquire timeout: ask all three at once.
    let (page, survey, api) = tokio::join!(
        async { answer(admin.get(format!("{base}/admin/audit")).send().await.unwrap()).await },
        async { answer(reqwest::get(format!("{base}{survey_path}")).await.unwrap()).await },
        async {
            let request = reqwest::Client::new().get(format!("{base}/api/v1/surveys")).bearer_auth(&write_key);
            answer(request.send().await.unwrap()).await
        },
    );
    assert_page_fault(&page, 503);
    assert!(page.body.contains("The database did not answer"), "{}", page.body);
    assert_page_fault(&survey, 503);
    assert!(survey.body.contains("temporarily unavailable"), "{}", survey.body);
    assert_api_fault(&api, 503, "service unavailable");
    store.pool().close().await;
}
