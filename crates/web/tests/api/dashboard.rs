//! The dashboard page against hand counts: the headline, scoping by unit,
//! filters from the URL, invalid filters falling back, drill-down links,
//! the comment feed, one response's page and escaping.
//!
//! The world: Top/East (with Top/East/Boston) and Top/West, answers in
//! March 2026 (the range asked for) and one in February (the previous
//! period). Each comment carries a marker word naming its unit. No view
//! the tests ask for has an NPS of zero, so every headline is signed.

use vocal_domain::Role;
use vocal_store::NewResponse;
use vocal_store::prelude::*;

use crate::helpers::{TestServer, response, spawn};
use crate::signed_in::SignedIn;

pub const MARCH: &str = "from=2026-03-01&to=2026-03-31";

/// (score, day, channel, unit, comment) of every answer.
pub const ANSWERS: &[(i64, &str, &str, &str, &str)] = &[
    (10, "2026-03-02", "email", "Top/East", "eastmarker great service"),
    (9, "2026-03-03", "phone", "Top/East", "eastmarker quick"),
    (6, "2026-03-04", "email", "Top/East", "eastmarker slow reply LateWord"),
    (3, "2026-03-05", "phone", "Top/East", "eastmarker rude"),
    (9, "2026-03-06", "email", "Top/East", ""),
    (10, "2026-03-07", "email", "Top/East/Boston", "bostonmarker lovely"),
    (2, "2026-03-08", "email", "Top/East/Boston", "bostonmarker broken"),
    (9, "2026-03-09", "email", "Top/West", "westmarker fine"),
    (0, "2026-03-10", "email", "Top/West", "westmarker awful"),
    (8, "2026-03-11", "phone", "Top/West", "westmarker meh"),
    (9, "2026-03-12", "phone", "Top/West", "westmarker ok"),
    (9, "2026-03-13", "phone", "Top/East/Boston", "bostonmarker fine"),
    (9, "2026-02-15", "email", "Top/East", "eastmarker last month"),
];

/// West's answers come through a touchpoint only West has.
pub fn answer(score: i64, day: &str, channel: &str, unit: &str, comment: &str) -> NewResponse {
    let comment = (!comment.is_empty()).then(|| comment.to_string());
    let touchpoint = unit.starts_with("Top/West").then(|| "westdesk".to_string());
    NewResponse { comment, touchpoint, ..response(score, day, channel, unit) }
}

pub async fn world() -> TestServer {
    spawn(ANSWERS.iter().map(|&(s, d, c, u, t)| answer(s, d, c, u, t)).collect()).await
}

/// NPS and n of the March answers that `keep` keeps, counted by hand.
pub fn hand_count(keep: impl Fn(&(i64, &str, &str, &str, &str)) -> bool) -> (String, usize) {
    let kept: Vec<i64> = ANSWERS.iter().filter(|a| a.1.starts_with("2026-03") && keep(a)).map(|a| a.0).collect();
    let promoters = kept.iter().filter(|&&s| s >= 9).count() as f64;
    let detractors = kept.iter().filter(|&&s| s <= 6).count() as f64;
    let nps = (promoters - detractors) / kept.len() as f64 * 100.0;
    (format!("{nps:+.1}"), kept.len())
}

fn in_unit(unit: &'static str) -> impl Fn(&(i64, &str, &str, &str, &str)) -> bool {
    move |a| a.3 == unit || a.3.starts_with(&format!("{unit}/"))
}

/// The headline as the page writes it.
pub fn headline(nps: &str, n: usize) -> [String; 2] {
    [format!("<span class=\"big\">{nps}</span>"), format!("data-n=\"{n}\">n = {n}</span>")]
}

pub fn assert_headline(body: &str, (nps, n): (String, usize)) {
    for part in headline(&nps, n) {
        assert!(body.contains(&part), "expected {part} in the page:\n{body}");
    }
}

async fn page(user: &SignedIn, query: &str) -> String {
    let (status, body) = user.get(&format!("/dashboard?{query}")).await;
    assert_eq!(status, 200, "{query}: {body}");
    body
}

#[tokio::test]
async fn the_headline_is_the_hand_count_with_its_change_and_the_page_is_live() {
    let server = world().await;
    let admin = server.sign_in_as("admin@acme.test", Role::Admin, None, None).await;
    let body = page(&admin, MARCH).await;
    assert_headline(&body, hand_count(|_| true));
    // February's one promoter (+100) against March (7 promoters, 1 passive, 4 detractors: +25):
    // a fall of 75 points on the plain scores, but one answer says little. Adjusted:
    // February NPS' = (1.75 − 0.75)/4 = 0.25, Var' = (0.625 − 0.0625)/4 = 0.140625; March
    // NPS' = (7.75 − 4.75)/15 = 0.2, Var' = (0.833333 − 0.04)/15 = 0.052889; margin
    // 196·√0.193514 = 86.22 around the adjusted change −5: −91.2 … +81.2, not significant.
    assert!(body.contains("-75.0 points against the previous period"), "{body}");
    assert!(body.contains("<span class=\"badge\">not significant</span>"), "{body}");
    assert!(body.contains("The change's 95 % interval is -91.2 … +81.2 points"), "{body}");
    assert!(body.contains("2026-01-29 – 2026-02-28"), "the previous range is named: {body}");
    // An admin sees the close-the-loop card, so the page follows cases too.
    assert!(body.contains("<main id=\"main\" data-live=\"/live?cases=1\">"), "{body}");
    assert!(body.contains("id=\"loop-card\" data-live-region"), "{body}");
    for region in
        ["id=\"headline\" data-live-region", "id=\"distribution\" data-live-region", "id=\"trend\" data-live-region"]
    {
        assert!(body.contains(region), "{region}");
    }
    assert!(body.contains("id=\"breakdown\" data-live-region") && body.contains("id=\"feed\" data-live-region"));
    assert!(body.contains("id=\"live-status\" aria-live=\"polite\""));
}

#[tokio::test]
async fn a_manager_sees_their_unit_and_nothing_of_a_sibling() {
    let server = world().await;
    let manager = server.sign_in_as("east@acme.test", Role::Manager, Some("Top/East"), None).await;
    let body = page(&manager, MARCH).await;
    assert_headline(&body, hand_count(in_unit("Top/East")));
    assert!(body.contains("eastmarker") && body.contains("bostonmarker"));
    assert!(!body.contains("westmarker"), "West's comments leaked");
    assert!(!body.contains("Top/West"), "West's name leaked");
    // Naming the sibling, or a value only the sibling has, is answered like
    // naming nothing, and the name is not echoed.
    for (query, says) in [
        ("unit=Top%2FWest", "Invalid: the unit in the address does not exist"),
        ("touchpoint=westdesk", "Invalid: the touchpoint in the address does not exist"),
    ] {
        let body = page(&manager, &format!("{MARCH}&{query}")).await;
        assert!(body.contains(says), "{query}: {body}");
        assert_headline(&body, hand_count(in_unit("Top/East")));
        assert!(!body.contains("westmarker") && !body.contains("Top/West") && !body.contains("westdesk"), "{query}");
    }
    // The value is real: an admin gets West through it.
    let admin = server.sign_in_as("admin@acme.test", Role::Admin, None, None).await;
    assert_headline(&page(&admin, &format!("{MARCH}&touchpoint=westdesk")).await, hand_count(in_unit("Top/West")));
}

#[tokio::test]
async fn filters_in_the_url_narrow_the_figures() {
    let server = world().await;
    let admin = server.sign_in_as("admin@acme.test", Role::Admin, None, None).await;
    let body = page(&admin, &format!("{MARCH}&channel=phone")).await;
    assert_headline(&body, hand_count(|a| a.2 == "phone"));
    let body = page(&admin, &format!("{MARCH}&unit=Top%2FEast&attr=plan%3AGold")).await;
    assert_headline(&body, hand_count(|a| in_unit("Top/East")(a) && a.0 >= 9));
    assert!(body.contains("plan = Gold"), "the attribute filter is shown with a way to remove it");
}

#[tokio::test]
async fn invalid_filters_are_named_and_the_rest_of_the_view_stands() {
    let server = world().await;
    let admin = server.sign_in_as("admin@acme.test", Role::Admin, None, None).await;
    let everything = hand_count(|_| true);
    for (query, says, unsaid) in [
        ("unit=Top%2FNowhere", "the unit in the address does not exist", "Nowhere"),
        ("channel=pigeon", "the channel in the address does not exist; known values: email, phone", "pigeon"),
        ("attr=plan%3APlatinum", "the value of attribute plan in the address does not exist", "Platinum"),
        ("attr=colour%3Ared", "no response has the attribute named in the address", "colour"),
        ("attr=garbage", "is not NAME:VALUE", "garbage"),
        ("by=attr%3Acolour", "no response has the attribute named in the address", "colour"),
        ("trend=fortnight&band=fan&before=x", "trend &#34;fortnight&#34;", "no such marker"),
        ("period=forever", "is not one of 7d", "no such marker"),
    ] {
        let body = page(&admin, &format!("{MARCH}&{query}")).await;
        assert!(body.contains("Invalid: ") && body.contains(says), "{query}: {body}");
        assert!(!body.contains(unsaid), "{query}: a value matched against data is not echoed");
        assert_headline(&body, everything.clone());
    }
    // A malformed date falls back to the preset (all time here, so every answer counts).
    let body = page(&admin, "period=all&from=2026-02-30").await;
    assert!(body.contains("Invalid: from &#34;2026-02-30&#34; is not a date"), "{body}");
    assert!(body.contains(&format!("n = {}", ANSWERS.len())), "{body}");
    let body = page(&admin, "from=2026-03-31&to=2026-03-01").await;
    assert!(body.contains("is empty"), "{body}");
}

#[tokio::test]
async fn unit_rows_drill_down_and_crumbs_lead_back_up() {
    let server = world().await;
    let admin = server.sign_in_as("admin@acme.test", Role::Admin, None, None).await;
    let body = page(&admin, MARCH).await;
    let east = format!("href=\"/dashboard?{}&#38;unit=Top%2FEast\"", MARCH.replace('&', "&#38;"));
    assert!(body.contains(&east), "{east} in {body}");
    assert!(body.contains(&east.replace("East", "West")));
    let body = page(&admin, &format!("{MARCH}&unit=Top%2FEast")).await;
    assert!(body.contains("unit=Top%2FEast%2FBoston\""), "Boston inside East: {body}");
    assert!(body.contains(&format!("href=\"/dashboard?{}&#38;unit=Top\"", MARCH.replace('&', "&#38;"))));
    // A manager's crumbs start at what they may open.
    let manager = server.sign_in_as("east@acme.test", Role::Manager, Some("Top/East"), None).await;
    let body = page(&manager, &format!("{MARCH}&unit=Top%2FEast%2FBoston")).await;
    assert_headline(&body, hand_count(in_unit("Top/East/Boston")));
    assert!(!body.contains("unit=Top\""), "no way up past the manager's unit");
}

#[tokio::test]
async fn the_feed_filters_by_band_and_text_newest_first() {
    let server = world().await;
    let admin = server.sign_in_as("admin@acme.test", Role::Admin, None, None).await;
    let body = page(&admin, MARCH).await;
    let (west, east) = (body.find("westmarker ok").unwrap(), body.find("eastmarker great service").unwrap());
    assert!(west < east, "newest first");
    let body = page(&admin, &format!("{MARCH}&band=detractor")).await;
    for (score, _, _, _, comment) in ANSWERS.iter().filter(|a| a.1.starts_with("2026-03") && !a.4.is_empty()) {
        assert_eq!(body.contains(comment), *score <= 6, "{comment} with band=detractor");
    }
    let body = page(&admin, &format!("{MARCH}&q=lateword")).await;
    assert!(body.contains("eastmarker slow reply LateWord"));
    assert_eq!(body.matches("<blockquote>").count(), 1, "{body}");
}

#[tokio::test]
async fn a_response_page_opens_in_scope_and_is_missing_outside() {
    let server = world().await;
    let (_, west) = server.get("/api/v1/responses?where=unit%3DTop%2FWest&limit=1").await;
    let (_, east) = server.get("/api/v1/responses?where=unit%3DTop%2FEast&limit=1").await;
    let id = |page: &serde_json::Value| page["responses"][0]["id"].as_i64().unwrap();
    let manager = server.sign_in_as("east@acme.test", Role::Manager, Some("Top/East"), None).await;
    let (status, body) = manager.get(&format!("/responses/{}", id(&east))).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("Top/East"));
    assert_eq!(manager.get(&format!("/responses/{}", id(&west))).await.0, 404);
    assert_eq!(manager.get("/responses/999999").await.0, 404);
    assert_eq!(manager.get("/responses/not-a-number").await.0, 404);
}

#[tokio::test]
async fn customer_text_is_escaped_everywhere_on_the_page() {
    let mut evil = answer(2, "2026-03-03", "email", "Top/<img src=x onerror=alert(3)>", "<script>alert(1)</script>");
    evil.attributes.insert("plan".into(), "<script>alert(2)</script>".into());
    let server = spawn(vec![evil]).await;
    let admin = server.sign_in_as("admin@acme.test", Role::Admin, None, None).await;
    let (_, listed) = server.get("/api/v1/responses?limit=1").await;
    let id = listed["responses"][0]["id"].as_i64().unwrap();
    for path in [
        format!("/dashboard?{MARCH}"),
        format!("/dashboard?{MARCH}&by=attr%3Aplan"),
        format!("/dashboard?{MARCH}&unit=Top%2F%3Cimg%20src%3Dx%20onerror%3Dalert(3)%3E"),
        format!("/responses/{id}"),
    ] {
        let (status, body) = admin.get(&path).await;
        assert_eq!(status, 200, "{path}");
        assert!(!body.contains("<script>alert") && !body.contains("<img src=x"), "{path}: {body}");
        // Askama writes `<` as `&#60;`, the charts as `&lt;`: both are text, not markup.
        let escaped = ["&#60;script&#62;alert", "&lt;script&gt;alert", "&#60;img src=x", "&lt;img src=x"];
        assert!(escaped.iter().any(|e| body.contains(e)), "{path}");
    }
}

/// An open `/live` stream reads until the server ends it, or gives up after `patience`.
async fn live_stream_ends(mut stream: reqwest::Response, patience: std::time::Duration) -> bool {
    let deadline = tokio::time::Instant::now() + patience;
    loop {
        match tokio::time::timeout_at(deadline, stream.chunk()).await {
            Ok(Ok(Some(_))) => continue,
            Ok(_) => return true,
            Err(_) => return false,
        }
    }
}

#[tokio::test]
async fn an_open_live_stream_ends_when_its_user_is_disabled_or_signs_out() {
    let server = spawn(vec![]).await;
    for end in ["disabled", "signed out"] {
        let who = server.sign_in_as(&format!("{}@example.com", end.replace(' ', "-")), Role::Analyst, None, None).await;
        let mut stream = who.client.get(format!("{}/live", server.base)).send().await.unwrap();
        assert_eq!(stream.status().as_u16(), 200);
        let ready = stream.chunk().await.unwrap().unwrap();
        assert!(String::from_utf8_lossy(&ready).contains("ready"), "{ready:?}");
        if end == "disabled" {
            server.store.set_user_disabled(server.org, who.user.id, true).await.unwrap();
        } else {
            assert_eq!(who.post_form("/sign-out", &[]).await.0, 303);
        }
        assert!(live_stream_ends(stream, std::time::Duration::from_secs(20)).await, "the stream outlived: {end}");
    }
}

#[tokio::test]
async fn a_range_without_answers_says_so_rather_than_a_dash_and_a_small_sample() {
    let server = world().await;
    let admin = server.sign_in_as("admin@acme.test", Role::Admin, None, None).await;
    let body = page(&admin, "from=2020-01-01&to=2020-01-31").await;
    assert!(body.contains("No answers in this range (2020-01-01 – 2020-01-31)"), "{body}");
    assert!(!body.contains("<span class=\"badge warn\">small sample</span>"), "{body}");
    let body = page(&admin, MARCH).await;
    assert!(!body.contains("No answers in this range"), "March has answers");
}
