use crate::helpers::{response, spawn};

/// Six answers worked by hand: email 10, 9, 3 (2 promoters, 1 detractor of 3:
/// NPS 33.3); sms 8, 6, 0 (0 promoters, 2 detractors of 3: NPS −66.7);
/// overall 2 promoters and 3 detractors of 6: NPS −16.7.
fn six() -> Vec<vocal_store::NewResponse> {
    vec![
        response(10, "2026-01-05", "email", "Acme/East/Team A"),
        response(9, "2026-01-06", "email", "Acme/East/Team B"),
        response(3, "2026-01-12", "email", "Acme/West"),
        response(8, "2026-01-12", "sms", "Acme/East/Team A"),
        response(6, "2026-02-02", "sms", "Acme/West"),
        response(0, "2026-02-03", "sms", "Acme/West"),
    ]
}

fn close(value: &serde_json::Value, expected: f64) -> bool {
    (value.as_f64().unwrap() - expected).abs() < 0.01
}

#[tokio::test]
async fn nps_by_channel_matches_the_hand_count() {
    let server = spawn(six()).await;
    let (status, body) = server.get("/api/v1/nps?by=channel&min_n=1").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["overall"]["n"], 6);
    assert!(close(&body["overall"]["nps"], -100.0 / 6.0));
    let groups = body["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0]["key"], serde_json::json!({ "channel": "email" }));
    assert!(close(&groups[0]["nps"], 100.0 / 3.0));
    assert_eq!(groups[1]["key"], serde_json::json!({ "channel": "sms" }));
    assert!(close(&groups[1]["nps"], -200.0 / 3.0));
    // Adjusted (n' = 6): email NPS' = (2.75 − 1.75)/6 = 0.166667, Var' = (0.75 − 0.027778)/6 =
    // 0.120370; sms NPS' = (0.75 − 2.75)/6 = −0.333333, Var' = (0.583333 − 0.111111)/6 = 0.078704.
    // 100 points apart, but the margin is 196·√0.199074 = 87.45 > 50: within noise, one rank.
    for group in groups {
        assert_eq!((&group["rank"], &group["tied"]), (&serde_json::json!(1), &serde_json::json!(true)), "{group}");
    }
    // Email's interval: 16.67 ∓ 196·√0.120370 = 16.67 ∓ 68.00 → −51.33 … 84.67.
    assert!(close(&groups[0]["ci_low"], -51.333) && close(&groups[0]["ci_high"], 84.667), "{}", groups[0]);
    for field in
        ["n", "promoters", "passives", "detractors", "nps", "margin_of_error", "ci_low", "ci_high", "low_sample"]
    {
        assert!(groups[0].get(field).is_some(), "missing {field}");
    }
}

#[tokio::test]
async fn groups_that_differ_beyond_noise_get_their_own_ranks() {
    // 30 tens by email (NPS 100) and 30 zeros by sms (NPS −100): adjusted n' = 33,
    // email NPS' = (30.75 − 0.75)/33 = 0.909091, Var' = (0.954545 − 0.826446)/33 = 0.0038817;
    // sms the mirror image. Margin 196·√0.0077634 = 17.27, far below 181.8 points.
    let mut rows = Vec::new();
    for _ in 0..30 {
        rows.push(response(10, "2026-01-05", "email", "Acme/East/Team A"));
        rows.push(response(0, "2026-01-05", "sms", "Acme/West"));
    }
    let server = spawn(rows).await;
    let (status, body) = server.get("/api/v1/nps?by=channel").await;
    assert_eq!(status, 200, "{body}");
    let ranks: Vec<(serde_json::Value, serde_json::Value)> =
        body["groups"].as_array().unwrap().iter().map(|g| (g["rank"].clone(), g["tied"].clone())).collect();
    assert_eq!(ranks, [(1.into(), false.into()), (2.into(), false.into())], "{body}");
}

#[tokio::test]
async fn small_groups_are_flagged_and_not_ranked() {
    let server = spawn(six()).await;
    let (_, body) = server.get("/api/v1/nps?by=channel").await;
    for group in body["groups"].as_array().unwrap() {
        assert_eq!(group["low_sample"], true);
        assert_eq!(group["rank"], serde_json::Value::Null);
        assert_eq!(group["tied"], false);
    }
}

#[tokio::test]
async fn a_unit_includes_its_subtree_and_filters_combine() {
    let server = spawn(six()).await;
    // Under Acme: East holds 10, 9, 8 (NPS 66.7), West holds 3, 6, 0 (NPS −100).
    let (_, body) = server.get("/api/v1/nps?by=unit&min_n=1").await;
    let groups = body["groups"].as_array().unwrap();
    assert_eq!(groups[0]["key"]["unit"], "Acme/East");
    assert_eq!(groups[0]["n"], 3);
    assert!(close(&groups[0]["nps"], 200.0 / 3.0));
    assert_eq!(groups[1]["key"]["unit"], "Acme/West");
    assert!(close(&groups[1]["nps"], -100.0));
    // East, sms, in January: only the 8.
    let (_, body) =
        server.get("/api/v1/nps?where=unit%3DAcme/East&where=channel%3Dsms&since=2026-01-01&until=2026-01-31").await;
    assert_eq!(body["overall"]["n"], 1);
    assert_eq!(body["overall"]["passives"], 1);
}

#[tokio::test]
async fn months_and_weeks_are_labelled_and_crossed() {
    let server = spawn(six()).await;
    let (_, body) = server.get("/api/v1/nps?by=month,channel&min_n=1").await;
    let keys: Vec<String> = body["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| format!("{} {}", g["key"]["month"], g["key"]["channel"]))
        .collect();
    assert_eq!(keys, ["\"2026-01\" \"email\"", "\"2026-01\" \"sms\"", "\"2026-02\" \"sms\""]);
    let (_, body) = server.get("/api/v1/nps?by=week").await;
    let weeks: Vec<&str> =
        body["groups"].as_array().unwrap().iter().map(|g| g["key"]["week"].as_str().unwrap()).collect();
    // 5 and 6 Jan 2026 are in W02, 12 Jan in W03, 2 and 3 Feb in W06.
    assert_eq!(weeks, ["2026-W02", "2026-W03", "2026-W06"]);
}

#[tokio::test]
async fn a_custom_attribute_is_a_field() {
    let server = spawn(six()).await;
    let (_, body) = server.get("/api/v1/nps?where=plan%3DGold").await;
    assert_eq!(body["overall"]["n"], 2);
    assert_eq!(body["overall"]["promoters"], 2);
}

#[tokio::test]
async fn bad_parameters_are_named() {
    let server = spawn(six()).await;
    let (status, body) = server.get("/api/v1/nps?by=colour").await;
    assert_eq!(status, 400);
    assert_eq!(body["field"], "by");
    let message = body["error"].as_str().unwrap();
    assert!(message.contains("colour") && message.contains("channel") && message.contains("plan"), "{message}");
    let (status, body) = server.get("/api/v1/nps?since=2026-02-30").await;
    assert_eq!((status, body["field"].as_str()), (400, Some("since")));
    let (status, body) = server.get("/api/v1/nps?bye=unit").await;
    assert_eq!((status, body["field"].as_str()), (400, Some("bye")));
    let (status, body) = server.get("/api/v1/nps?where=unit%3DNowhere").await;
    assert_eq!((status, body["field"].as_str()), (400, Some("where")));
}
