use std::collections::BTreeMap;

use vocal_domain::{AgentId, Email, OrgId, ResponseId, Score, Unit, UnitId};
use vocal_store::IndexedResponse;

use super::*;

fn tree() -> UnitTree {
    let unit =
        |id, parent: Option<i64>, name: &str| Unit { id: UnitId(id), parent: parent.map(UnitId), name: name.into() };
    UnitTree::new(vec![unit(1, None, "Acme"), unit(2, Some(1), "Berlin")])
}

fn user(id: i64, role: Role, unit: Option<i64>, agent: Option<i64>) -> User {
    User {
        id: UserId(id),
        org_id: OrgId(1),
        email: Email::parse(&format!("u{id}@acme.example")).unwrap(),
        name: format!("User {id}"),
        role,
        unit_id: unit.map(UnitId),
        agent_id: agent.map(AgentId),
        disabled: false,
    }
}

fn record(score: i64, comment: Option<&str>, agent: Option<i64>) -> ResponseRecord {
    ResponseRecord {
        indexed: IndexedResponse {
            id: ResponseId(1),
            seq: 1,
            score: Score::new(score).unwrap(),
            submitted_at_ms: 0,
            channel: None,
            touchpoint: None,
            unit_id: Some(UnitId(2)),
            agent_id: agent.map(AgentId),
            account: None,
            source: "test".into(),
            language: None,
            attributes: BTreeMap::new(),
        },
        comment: comment.map(String::from),
        contact_id: None,
        contact_email: None,
        agent_name: Some("Ben Agent".into()),
        survey_id: None,
        created_at_ms: 0,
    }
}

#[test]
fn praise_is_a_promoter_with_words_about_an_agent() {
    assert!(is_praise(&record(9, Some("Ben was great"), Some(7))));
    assert!(!is_praise(&record(8, Some("Ben was fine"), Some(7))), "a passive is not praise");
    assert!(!is_praise(&record(10, Some("  "), Some(7))), "no words");
    assert!(!is_praise(&record(10, Some("Great"), None)), "about nobody");
}

#[test]
fn the_agent_then_the_nearest_manager_hear_of_it() {
    let mut off = user(5, Role::Agent, None, Some(7));
    off.disabled = true;
    let users = vec![
        user(3, Role::Manager, Some(1), None), // above Berlin: not the nearest
        user(4, Role::Manager, Some(2), None), // Berlin's manager
        user(6, Role::Agent, None, Some(7)),   // Ben's user
        off,                                   // a disabled login of Ben's: not told
        user(8, Role::Agent, None, Some(9)),   // another agent
    ];
    let got = praise_recipients(&record(10, Some("Thanks Ben"), Some(7)), &users, &tree());
    assert_eq!(got, vec![(UserId(6), false), (UserId(4), true)]);
    assert!(praise_recipients(&record(10, Some("x"), None), &users, &tree()).is_empty());
}

#[test]
fn a_hostile_comment_is_escaped_and_the_subject_stays_one_line() {
    let mail = Mail::Praise(PraiseMail {
        organisation: "Acme".into(),
        name: "Ben".into(),
        agent: "Ben\r\nBcc: all@evil.example".into(),
        score: 10,
        unit: "Acme/Berlin".into(),
        comment: "<script>alert(1)</script> & more".into(),
        link: "https://nps.example/agents/7".into(),
        for_manager: false,
    });
    let message = mail.message("ben@acme.example").unwrap();
    assert!(!message.subject.contains('\n') && !message.subject.contains('\r'), "{:?}", message.subject);
    assert!(
        message.html.contains("&#60;script&#62;alert(1)") && !message.html.contains("<script>"),
        "{}",
        message.html
    );
    assert!(message.text.contains("\"<script>alert(1)</script> & more\""), "plain text keeps the words as written");
}
