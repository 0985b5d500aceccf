//! The dashboard's CSV exports: rows checked by hand, only the user's
//! scope, formula injection defused in text cells while our own negative
//! numbers stay numbers, and a file name that says the range.

use vocal_domain::Role;

use crate::dashboard::{ANSWERS, MARCH, answer, world};
use crate::helpers::spawn;
use crate::signed_in::SignedIn;

/// Status, Content-Disposition and the rows (header first).
async fn csv(user: &SignedIn, path: &str) -> (u16, String, Vec<Vec<String>>) {
    let response = user.client.get(format!("{}{path}", user.base)).send().await.unwrap();
    let status = response.status().as_u16();
    let disposition =
        response.headers().get("content-disposition").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    let body = response.text().await.unwrap();
    let rows = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    (status, disposition, rows)
}

fn column(rows: &[Vec<String>], name: &str) -> usize {
    rows[0].iter().position(|c| c == name).unwrap_or_else(|| panic!("no column {name} in {:?}", rows[0]))
}

#[tokio::test]
async fn the_responses_export_holds_the_view_newest_first_with_every_column() {
    let server = world().await;
    let admin = server.sign_in_as("admin@acme.test", Role::Admin, None, None).await;
    let (status, disposition, rows) = csv(&admin, &format!("/dashboard/export/responses.csv?{MARCH}")).await;
    assert_eq!(status, 200);
    assert_eq!(disposition, "attachment; filename=\"vocal-responses-2026-03-01-to-2026-03-31.csv\"");
    let header: Vec<&str> = rows[0].iter().map(String::as_str).collect();
    assert_eq!(
        header,
        [
            "id",
            "submitted_at",
            "score",
            "band",
            "comment",
            "unit",
            "channel",
            "touchpoint",
            "agent",
            "language",
            "plan"
        ]
    );
    let march: Vec<_> = ANSWERS.iter().filter(|a| a.1.starts_with("2026-03")).collect();
    assert_eq!(rows.len() - 1, march.len());
    // Newest first: the last March answer by hand, cell by cell.
    let newest = &rows[1];
    assert_eq!(newest[1], "2026-03-13T12:00:00Z");
    assert_eq!(&newest[2..8], ["9", "promoter", "bostonmarker fine", "Top/East/Boston", "phone", ""]);
    assert_eq!(newest[column(&rows, "plan")], "Gold");
    let scores: Vec<&str> = rows[1..].iter().map(|r| r[2].as_str()).collect();
    let by_hand: Vec<String> = march.iter().rev().map(|a| a.0.to_string()).collect();
    assert_eq!(scores, by_hand);
}

#[tokio::test]
async fn a_manager_exports_only_their_domain() {
    let server = world().await;
    let manager = server.sign_in_as("east@acme.test", Role::Manager, Some("Top/East"), None).await;
    let (status, _, rows) = csv(&manager, &format!("/dashboard/export/responses.csv?{MARCH}")).await;
    assert_eq!(status, 200);
    let unit = column(&rows, "unit");
    let by_hand = ANSWERS.iter().filter(|a| a.1.starts_with("2026-03") && a.3.starts_with("Top/East")).count();
    assert_eq!(rows.len() - 1, by_hand);
    assert!(rows[1..].iter().all(|r| r[unit].starts_with("Top/East")), "{rows:?}");
    // Naming the sibling changes nothing: the filter is dropped, the scope stays.
    let (_, _, sibling) = csv(&manager, &format!("/dashboard/export/responses.csv?{MARCH}&unit=Top%2FWest")).await;
    assert_eq!(sibling, rows);
    let (_, _, groups) = csv(&manager, &format!("/dashboard/export/breakdown.csv?{MARCH}")).await;
    let labels: Vec<&str> = groups[1..].iter().map(|g| g[0].as_str()).collect();
    assert_eq!(labels, ["Top/East", "Top/East/Boston"]);
}

#[tokio::test]
async fn spreadsheet_formulas_are_defused_but_negative_numbers_stay_numbers() {
    let server = spawn(vec![
        answer(0, "2026-03-02", "email", "Top/-Minus", "=HYPERLINK(\"http://x\")"),
        answer(3, "2026-03-03", "email", "Top/-Minus", "@SUM(A1)"),
        answer(9, "2026-03-04", "=cmd", "Top/Plain", "+fine"),
    ])
    .await;
    let admin = server.sign_in_as("admin@acme.test", Role::Admin, None, None).await;
    let (_, _, rows) = csv(&admin, &format!("/dashboard/export/responses.csv?{MARCH}")).await;
    let comments: Vec<&str> = rows[1..].iter().map(|r| r[4].as_str()).collect();
    assert_eq!(comments, ["'+fine", "'@SUM(A1)", "'=HYPERLINK(\"http://x\")"]);
    assert_eq!(rows[1][6], "'=cmd");
    assert_eq!(rows[2][5], "Top/-Minus", "a path starting with a letter is left alone");
    let (status, disposition, groups) = csv(&admin, &format!("/dashboard/export/breakdown.csv?{MARCH}")).await;
    assert_eq!(status, 200);
    assert!(disposition.contains("vocal-breakdown-unit-2026-03-01-to-2026-03-31.csv"), "{disposition}");
    assert_eq!(
        groups[0],
        [
            "group",
            "n",
            "nps",
            "margin_of_error",
            "ci_low",
            "ci_high",
            "promoters",
            "passives",
            "detractors",
            "low_sample"
        ]
    );
    let minus = groups.iter().find(|g| g[0] == "Top/-Minus").expect("the Minus group");
    // Two detractors of two: NPS −100 exactly. Adjusted: n' = 5, NPS' = (0.75 − 2.75)/5 = −0.4,
    // Var' = (0.7 − 0.16)/5 = 0.108, half = 196·√0.108 = 64.41: −104.41 … 24.41, clamped to
    // −100 … 24.4; the margin is half that width, 62.2 — never 0.
    assert_eq!(&minus[1..4], ["2", "-100.0", "62.2"]);
    assert_eq!(minus[4].parse::<f64>().unwrap(), -100.0);
    assert_eq!(minus[5], "24.4");
    assert_eq!(&minus[6..], ["0", "0", "2", "true"]);
    let (_, _, by_channel) = csv(&admin, &format!("/dashboard/export/breakdown.csv?{MARCH}&by=channel")).await;
    let labels: Vec<&str> = by_channel[1..].iter().map(|g| g[0].as_str()).collect();
    assert_eq!(labels, ["email", "'=cmd"]);
}
