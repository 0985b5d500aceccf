//! Whom a step on a case concerns hears of it, through the real router: a
//! reassignment mails the new owner ("Assigned to you by …", in their
//! language), a resolution is queued to the channels subscribed to
//! `case.resolved` and to no others.

use vocal_app::messaging::outbound::TargetPolicy;
use vocal_app::messaging::outbound::channels::{self, ChannelSpec};
use vocal_app::organisation::audit::Actor;
use vocal_store::prelude::*;
use vocal_store::{ChannelEvent, ChannelKind, Job};

use crate::cases::case_world;

async fn jobs(server: &crate::helpers::TestServer) -> Vec<Job> {
    server.store.list_jobs(server.org, None, 100).await.unwrap()
}

#[tokio::test]
async fn a_reassignment_mails_the_new_owner_and_a_resolution_reaches_resolved_channels() {
    let w = case_world().await;
    let org = w.server.org;
    let allow = TargetPolicy { allow_private: true };
    for (name, events) in [("crm", vec![ChannelEvent::CaseResolved]), ("openings", vec![ChannelEvent::CaseOpened])] {
        let spec = ChannelSpec {
            kind: ChannelKind::Webhook,
            name: name.into(),
            url: "http://127.0.0.1:9/hooks".into(),
            events,
            sms: None,
        };
        channels::add(&w.server.store, Actor::CommandLine(org), allow, spec).await.unwrap();
    }
    let path = format!("/cases/{}", w.case_id);
    let deputy = w.east_deputy.user.id.0.to_string();
    let (status, ..) = w.east.post_form(&path, &[("action", "reassign"), ("to", &deputy), ("note", "yours")]).await;
    assert_eq!(status, 303);
    let to_deputy: Vec<Job> = jobs(&w.server)
        .await
        .into_iter()
        .filter(|j| j.kind == "mail" && j.payload.contains("deputy@acme.example"))
        .collect();
    assert_eq!(to_deputy.len(), 1, "one mail to the new owner");
    assert!(to_deputy[0].payload.contains("Assigned to you by"), "{}", to_deputy[0].payload);
    let webhooks = |all: Vec<Job>| all.into_iter().filter(|j| j.kind == "webhook").count();
    assert_eq!(webhooks(jobs(&w.server).await), 0, "a reassignment is no channel event");

    let resolve = [("action", "resolve"), ("root_cause", "Other"), ("resolution", "Refunded")];
    assert_eq!(w.east_deputy.post_form(&path, &resolve).await.0, 303);
    let queued: Vec<Job> = jobs(&w.server).await.into_iter().filter(|j| j.kind == "webhook").collect();
    assert_eq!(queued.len(), 1, "the resolved channel only: {queued:?}");
    assert!(queued[0].payload.contains("\"event\":\"case.resolved\""), "{}", queued[0].payload);
    let note = [("action", "note"), ("text", "Customer thanked us")];
    assert_eq!(w.east_deputy.post_form(&path, &note).await.0, 303);
    assert_eq!(webhooks(jobs(&w.server).await), 1, "a note after resolution is not a second resolution");
}
