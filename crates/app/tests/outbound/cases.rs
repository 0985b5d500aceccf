//! Messages about a case: its opening posted to the subscribed channels, and an
//! alert text the gateway refuses noted on the case.

use super::*;

/// A detractor's case, opened in the store as the evaluator would.
async fn opened_case(store: &SqliteStore, org: OrgId, comment: &str) -> vocal_store::Case {
    let response = NewResponse {
        dedupe_key: None,
        score: Score::new(2).unwrap(),
        comment: Some(comment.into()),
        submitted_at_ms: vocal_app::now_ms(),
        channel: None,
        touchpoint: None,
        unit: Some(UnitPath::parse("Americas/Reno Support").unwrap()),
        agent: None,
        contact_email: None,
        account: None,
        language: None,
        survey_id: None,
        source: "test".into(),
        attributes: Default::default(),
    };
    store.insert_responses(org, vec![response]).await.unwrap();
    let stored = store.responses_after(org, 0, 10).await.unwrap().remove(0);
    let case = NewCase {
        response_id: stored.id,
        response_seq: stored.seq,
        unit_id: stored.unit_id,
        owner: None,
        routed_by: "admins".into(),
        rules: vec!["detractors".into(), "churn words".into()],
        first_contact_due_ms: 0,
        resolve_due_ms: 0,
        opened_note: "opened".into(),
        opened_at_ms: stored.submitted_at_ms,
        alert_backstop_at_ms: None,
    };
    match store.open_case(org, case).await.unwrap() {
        CaseOpening::Opened(case) | CaseOpening::AlreadyOpen(case) => case,
    }
}

#[tokio::test]
async fn an_opened_case_goes_to_each_enabled_subscribed_channel_with_its_facts() {
    let (_dir, store, org) = store_with_org().await;
    let receiver = http_receiver::start().await;
    let hostile = "I'll \"cancel\" <!channel>\nnow";
    let case = opened_case(&store, org, hostile).await;
    add(&store, org, spec(ChannelKind::Webhook, &receiver.url)).await;
    add(&store, org, spec(ChannelKind::Teams, &receiver.url)).await;
    let resolved_only =
        ChannelSpec { events: vec![ChannelEvent::CaseResolved], ..spec(ChannelKind::Slack, &receiver.url) };
    add(&store, org, resolved_only).await;
    let gateway = ChannelSpec { sms: Some(gateway_template()), ..spec(ChannelKind::SmsGateway, &receiver.url) };
    add(&store, org, gateway).await;

    let jobs = enqueue_case_webhooks(&store, &case, "https://nps.example.com/").await.unwrap();
    assert_eq!(jobs.len(), 2, "the webhook and Teams: not the resolved-only Slack, not the gateway");
    let now = vocal_app::now_ms();
    run_next(&store, true, now).await;
    run_next(&store, true, now).await;
    let got = receiver.received();
    let webhook: serde_json::Value = serde_json::from_str(&got[0].text()).unwrap();
    let url = format!("https://nps.example.com/cases/{}", case.id.0);
    assert_eq!(webhook["type"], "case.opened");
    assert_eq!(
        webhook["data"],
        serde_json::json!({
            "case_id": case.id.0, "case_url": url, "response_id": case.response_id.0, "score": 2,
            "comment": hostile, "unit": "Reno Support", "rules": ["detractors", "churn words"]
        })
    );
    let teams: serde_json::Value = serde_json::from_str(&got[1].text()).unwrap();
    assert_eq!(teams["@type"], "MessageCard");
    assert_eq!(teams["sections"][0]["text"], "I'll \"cancel\" &lt;!channel&gt;\nnow");
    assert_eq!(teams["potentialAction"][0]["targets"][0]["uri"], url.as_str());
}

#[tokio::test]
async fn an_alert_text_the_gateway_refuses_is_noted_on_its_case() {
    let (_dir, store, org) = store_with_org().await;
    let receiver = http_receiver::start().await;
    receiver.answer(&[(400, None)]);
    add(&store, org, ChannelSpec { sms: Some(gateway_template()), ..spec(ChannelKind::SmsGateway, &receiver.url) })
        .await;
    let case = opened_case(&store, org, "call me").await;
    let ana = NewUser {
        email: Email::parse("ana@example.com").unwrap(),
        name: "Ana".into(),
        role: Role::Admin,
        unit_id: None,
        agent_id: None,
    };
    let ana = store.create_user(org, ana).await.unwrap();
    let phone = Phone::parse("+14155550100").unwrap();
    let link = format!("https://nps.example.com/cases/{}", case.id.0);
    assert!(queue_sms_alert(&store, &ana, &phone, "Detractor 2/10", (case.id.0, &link)).await.unwrap());
    let job = run_next(&store, true, vocal_app::now_ms()).await;
    assert_eq!(job.state, JobState::Dead, "a 400 is not retried");
    let events = store.case_events(org, case.id).await.unwrap();
    let note = events.iter().find(|e| e.text.contains("could not be delivered")).expect("noted on the case");
    assert!(note.text.starts_with("The text message to +14155550100"), "{}", note.text);
}
