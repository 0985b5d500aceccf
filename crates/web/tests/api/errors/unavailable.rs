//! 503 on every surface when the store cannot take work. On SQLite the
//! database is a file the server opened itself, so a test cannot pull it
//! away the way a network cut does to PostgreSQL ([`super::outage`]);
//! closing the store's pool is what it can do: every later query fails as
//! `PoolClosed`, which the store reports as `Unavailable`, exactly as it
//! does for a busy, locked, full or unreadable database file.

use vocal_domain::Role;

use super::{answer, assert_api_fault, assert_page_fault, invite};
use crate::helpers::spawn;

#[tokio::test]
async fn an_app_page_without_its_database_is_a_503_with_the_request_id() {
    let server = spawn(vec![]).await;
    let admin = server.sign_in_as("admin@example.com", Role::Admin, None, None).await;
    server.store.pool().close().await;

    let got = answer(admin.client.get(format!("{}/admin/audit", server.base)).send().await.unwrap()).await;
    assert_page_fault(&got, 503);
    assert!(got.body.contains("The database did not answer"), "{}", got.body);
}

#[tokio::test]
async fn the_survey_page_without_its_database_is_a_503_with_the_request_id() {
    let server = spawn(vec![]).await.with_demo_survey().await;
    let (_, path) = invite(&server).await;
    server.store.pool().close().await;

    let got = answer(reqwest::get(format!("{}{path}", server.base)).await.unwrap()).await;
    assert_page_fault(&got, 503);
    assert!(got.body.contains("temporarily unavailable"), "{}", got.body);
}

#[tokio::test]
async fn the_api_without_its_database_is_a_503_with_the_request_id() {
    let server = spawn(vec![]).await;
    server.store.pool().close().await;

    let url = format!("{}/api/v1/nps", server.base);
    let got = answer(reqwest::Client::new().get(url).bearer_auth(&server.read_key).send().await.unwrap()).await;
    assert_api_fault(&got, 503, "service unavailable");
}
