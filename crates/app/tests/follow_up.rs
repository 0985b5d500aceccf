//! Follow-up after resolution, in-process on a real SQLite store: the owner
//! sends the customer the follow-up survey (queued as mail with the
//! invitation's link), the customer answers through that invitation, and
//! the evaluator records the recovery on the case instead of a new case.

use std::sync::Arc;

use vocal_app::closed_loop::alert::Alerting;
use vocal_app::closed_loop::evaluate::evaluate_once;
use vocal_app::closed_loop::follow_up::{FollowUpError, send_follow_up};
use vocal_app::closed_loop::work::act;
use vocal_app::collect::Collector;
use vocal_app::collect::answers::{AnswerForm, Opened};
use vocal_app::collect::tokens::{ServerSecret, Token};
use vocal_app::live_index::registry::Indexes;
use vocal_app::messaging::email::Mailer;
use vocal_domain::alerts::AlertRules;
use vocal_domain::cases::{CaseAction, CaseEventKind};
use vocal_domain::{Email, Role, Score, UnitPath};
use vocal_store::{NewResponse, NewUser, prelude::*};
use vocal_store_sqlite::SqliteStore;

const HOUR: i64 = 3_600_000;

#[tokio::test]
async fn a_follow_up_answer_records_the_recovery_on_its_case() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_dir(dir.path()).await.unwrap();
    let org = store.create_org("Acme", "UTC").await.unwrap().id;
    store.put_survey(org, vocal_app::demo::seed::demo_survey()).await.unwrap();
    let unit = store.ensure_unit(org, &UnitPath::parse("Acme/Support").unwrap()).await.unwrap();
    let email = |a: &str| Email::parse(a).unwrap();
    let lead = NewUser {
        email: email("lead@acme.example"),
        name: "Lea".into(),
        role: Role::Manager,
        unit_id: Some(unit),
        agent_id: None,
    };
    let lead = store.create_user(org, lead).await.unwrap();
    let now = vocal_app::now_ms();
    let answer = NewResponse {
        score: Score::new(3).unwrap(),
        comment: Some("Charged twice".into()),
        submitted_at_ms: now - HOUR,
        unit: Some(UnitPath::parse("Acme/Support").unwrap()),
        contact_email: Some(email("cara@example.com")),
        ..blank()
    };
    store.insert_responses(org, vec![answer]).await.unwrap();
    let alerting = Alerting { mailer: Mailer::new(None, None).unwrap(), public_url: "https://nps.example".into() };
    evaluate_once(&store, &alerting, now).await.unwrap();
    let case = store.list_cases(org, 0, 10).await.unwrap().remove(0);

    let collector = Collector::new(
        store.clone(),
        Arc::new(Indexes::new(None)),
        ServerSecret::from_hex(&"ab".repeat(32)).unwrap(),
        "https://nps.example",
    );
    let mailer = Mailer::new(None, None).unwrap();
    let early = send_follow_up(&collector, &mailer, &lead, case.id, now).await;
    assert!(matches!(early, Err(FollowUpError::NotResolved(_))), "only after resolution");
    let fix = CaseAction::Resolved { root_cause: "Billing or pricing".into(), resolution: "Refunded".into() };
    act(&store, &lead, case.id, fix, now).await.unwrap();
    assert!(matches!(send_follow_up(&collector, &mailer, &lead, case.id, now).await, Err(FollowUpError::NoSurvey)));
    let rules = AlertRules { follow_up_survey: Some("relationship".into()), ..AlertRules::default() };
    store.put_alert_rules(org, &rules).await.unwrap();

    let issued = send_follow_up(&collector, &mailer, &lead, case.id, now).await.unwrap();
    let jobs = store.list_jobs(org, None, 10).await.unwrap();
    let to_customer = |j: &&vocal_store::Job| j.kind == "mail" && j.payload.contains("cara@example.com");
    let mail = jobs.iter().find(to_customer).expect("the follow-up mail is queued");
    assert!(mail.payload.contains(&issued.links.survey_url));

    // The customer answers 9 through the link in the mail.
    let token = Token::from_path(issued.links.survey_url.rsplit('/').next().unwrap());
    let Opened::Found(open) = collector.open(&token).await.unwrap() else { panic!("the invitation opens") };
    let form = AnswerForm { score: Some("9".into()), comment: Some("Sorted, thanks".into()), ..AnswerForm::default() };
    collector.answer(&open, form, "en").await.unwrap();
    let done = evaluate_once(&store, &alerting, now + HOUR).await.unwrap();
    assert_eq!((done.opened, done.noted), (0, 1), "a follow-up answer opens no case");
    let after = store.case(org, case.id).await.unwrap().unwrap();
    assert_eq!(after.follow_up_score, Some(9));
    let last = store.case_events(org, case.id).await.unwrap().pop().unwrap();
    assert_eq!(last.kind, CaseEventKind::FollowUp);
    assert_eq!(last.text, "Follow-up answer 9/10 (first answer 3/10): recovered.");
    assert_eq!(store.list_cases(org, 0, 10).await.unwrap().len(), 1);
}

fn blank() -> NewResponse {
    NewResponse {
        dedupe_key: None,
        score: Score::new(0).unwrap(),
        comment: None,
        submitted_at_ms: 0,
        channel: None,
        touchpoint: None,
        unit: None,
        agent: None,
        contact_email: None,
        account: None,
        language: None,
        survey_id: None,
        source: "test".into(),
        attributes: Default::default(),
    }
}
