//! `team_counts` against an index built from a real (temporary) database.

use std::collections::BTreeMap;
use vocal_store::prelude::*;

use vocal_domain::{AgentId, Counts, Field, Filter, QuerySpec, Score, UnitPath};
use vocal_index::snapshot::Selection;
use vocal_store::NewResponse;
use vocal_store_sqlite::SqliteStore;

use super::team_counts;
use crate::live_index::OrgIndex;

fn response(score: u8, agent: Option<&str>, channel: &str) -> NewResponse {
    NewResponse {
        dedupe_key: None,
        score: Score::new(score.into()).unwrap(),
        comment: None,
        submitted_at_ms: 1_767_225_600_000,
        channel: Some(channel.into()),
        touchpoint: None,
        unit: Some(UnitPath::parse("Acme/Support/Team A").unwrap()),
        agent: agent.map(String::from),
        contact_email: None,
        account: None,
        language: None,
        survey_id: None,
        source: "test".into(),
        attributes: BTreeMap::new(),
    }
}

/// Scores of 0–10 spread over three agents, two channels and no agent.
fn responses() -> Vec<NewResponse> {
    let agents = [Some("Ann"), Some("Ben"), Some("Cy"), None];
    (0..120u8).map(|i| response(i % 11, agents[usize::from(i % 4)], if i % 3 == 0 { "sms" } else { "email" })).collect()
}

fn naive(rows: &[NewResponse], agent: &str, channel: &str) -> Counts {
    Counts::from_scores(
        rows.iter()
            .filter(|r| r.agent.as_deref() == Some(agent) && r.channel.as_deref() == Some(channel))
            .map(|r| r.score),
    )
}

#[tokio::test]
async fn team_counts_match_a_naive_count_and_list_silent_agents() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_dir(dir.path()).await.unwrap();
    let org = store.create_org("Acme", "UTC").await.unwrap();
    let rows = responses();
    store.insert_responses(org.id, rows.clone()).await.unwrap();
    let quiet = store.assign_agent(org.id, "Quiet", None).await.unwrap();
    let index = OrgIndex::open(&store, org, None, Selection::All).await.unwrap();
    let id_of = |name: &str| index.agents.iter().find(|(_, n)| n == name).map(|(id, _)| *id).unwrap();
    let team = [id_of("Ben"), quiet.id, id_of("Ann")];
    let spec = QuerySpec {
        by: vec![Field::Channel],
        filters: vec![Filter { field: Field::Channel, values: vec!["email".into()] }],
        ..QuerySpec::default()
    };

    let counts = team_counts(&index, &spec, &team).unwrap();

    let got: Vec<(AgentId, &str, Counts)> = counts.iter().map(|c| (c.agent, c.name.as_str(), c.counts)).collect();
    assert_eq!(
        got,
        [
            (team[0], "Ben", naive(&rows, "Ben", "email")),
            (quiet.id, "Quiet", Counts::default()),
            (team[2], "Ann", naive(&rows, "Ann", "email")),
        ]
    );
    assert!(got[0].2.n() > 0 && got[2].2.n() > 0);
}

#[tokio::test]
async fn an_agent_filter_from_agent_spec_narrows_and_never_widens() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_dir(dir.path()).await.unwrap();
    let org = store.create_org("Acme", "UTC").await.unwrap();
    let rows = responses();
    store.insert_responses(org.id, rows.clone()).await.unwrap();
    let index = OrgIndex::open(&store, org, None, Selection::All).await.unwrap();
    let allowed = QuerySpec {
        filters: vec![Filter { field: Field::Agent, values: vec!["Ann".into(), "Ben".into()] }],
        ..QuerySpec::default()
    };

    let ann = crate::report::nps_report(&index, &super::agent_spec(&allowed, "Ann")).unwrap();
    let cy = crate::report::nps_report(&index, &super::agent_spec(&allowed, "Cy")).unwrap();

    let all_of_ann = naive(&rows, "Ann", "email").n() + naive(&rows, "Ann", "sms").n();
    assert_eq!(ann.overall.n, all_of_ann);
    assert_eq!(cy.overall.n, 0, "Cy is outside the allowed agents");
}
