use vocal_store::ApiScope;
use vocal_store::prelude::*;

use crate::helpers::{response, spawn};

#[tokio::test]
async fn health_needs_no_key_and_the_api_needs_one() {
    let server = spawn(vec![]).await;
    assert_eq!(server.get_with("/healthz", None).await.0, 200);
    let (status, missing) = server.get_with("/api/v1/nps", None).await;
    assert_eq!(status, 401);
    let (status, wrong) = server.get_with("/api/v1/nps", Some("vocal_0000")).await;
    assert_eq!(status, 401);
    let (status, garbage) = server.get_with("/api/v1/nps", Some("not even a key")).await;
    assert_eq!(status, 401);
    assert_eq!(missing, wrong, "the answer must not say which part was wrong");
    assert_eq!(wrong, garbage);
}

#[tokio::test]
async fn a_revoked_key_is_refused_like_an_unknown_one() {
    let server = spawn(vec![response(9, "2026-01-05", "email", "Acme")]).await;
    let issued =
        vocal_app::accounts::api_keys::issue(&server.store, server.org, "to revoke", ApiScope::Read).await.unwrap();
    assert_eq!(server.get_with("/api/v1/nps", Some(&issued.secret)).await.0, 200);
    assert!(server.store.revoke_api_key(server.org, issued.record.id).await.unwrap());
    let (status, body) = server.get_with("/api/v1/nps", Some(&issued.secret)).await;
    assert_eq!(status, 401);
    assert_eq!(body, serde_json::json!({ "error": "unauthorized" }));
}

#[tokio::test]
async fn keys_are_stored_only_as_hashes() {
    let server = spawn(vec![]).await;
    let mut on_disk = Vec::new();
    for file in ["vocal.db", "vocal.db-wal"] {
        on_disk.extend(std::fs::read(server.dir.path().join(file)).unwrap_or_default());
    }
    let on_disk = String::from_utf8_lossy(&on_disk);
    assert!(!on_disk.contains(&server.read_key), "the plain key is on disk");
    assert!(on_disk.contains(&vocal_app::accounts::api_keys::hash_key(&server.read_key)), "its hash is");
}

#[tokio::test]
async fn the_bearer_scheme_is_case_insensitive() {
    let server = spawn(vec![]).await;
    for scheme in ["Bearer", "bearer", "BEARER"] {
        let answer = reqwest::Client::new()
            .get(format!("{}/api/v1/nps", server.base))
            .header("authorization", format!("{scheme} {}", server.read_key))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status().as_u16(), 200, "{scheme}");
    }
}

/// JSON answers, errors and 404s are never sniffed as another type nor kept
/// by a cache (a shared proxy, the browser's back button); assets stay cacheable.
#[tokio::test]
async fn answers_carry_nosniff_and_no_store_but_assets_stay_cacheable() {
    let server = spawn(vec![]).await;
    let client = reqwest::Client::new();
    let read = |path: &str, key: Option<&str>| {
        let mut request = client.get(format!("{}{path}", server.base));
        if let Some(key) = key {
            request = request.bearer_auth(key);
        }
        request.send()
    };
    for (path, key, status) in [
        ("/api/v1/nps", Some(server.read_key.as_str()), 200),
        ("/api/v1/nps", None, 401),
        ("/api/v1/nope", Some(server.read_key.as_str()), 404),
        ("/no/such/page", None, 404),
        ("/healthz", None, 200),
        ("/p/no-such-survey", None, 404),
    ] {
        let answer = read(path, key).await.unwrap();
        assert_eq!(answer.status().as_u16(), status, "{path}");
        assert_eq!(answer.headers()["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(answer.headers()["cache-control"], "no-store", "{path}");
    }
    let asset = read("/assets/app.js", None).await.unwrap();
    assert_eq!(asset.status().as_u16(), 200);
    assert!(asset.headers()["cache-control"].to_str().unwrap().contains("max-age"), "assets keep their caching");
    assert_eq!(asset.headers()["x-content-type-options"], "nosniff");
}
