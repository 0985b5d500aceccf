//! Small builders, so each test states only what it is about.

use std::collections::BTreeMap;

use vocal_domain::survey::{Brand, PublicLink, SurveyTexts};
use vocal_domain::{Email, OrgId, Phone, Score, SurveyDefinition, UnitPath};
use vocal_store::{IndexedResponse, NewResponse, OnDuplicate, Store, Submission};

/// An address a test writes out (parsed as the app parses what it receives).
pub fn email(address: &str) -> Email {
    Email::parse(address).expect("a test's address is valid")
}

/// A number a test writes out, parsed into E.164.
pub fn phone(number: &str) -> Phone {
    Phone::parse(number).expect("a test's number is valid")
}

/// A response with the given score and nothing else set.
pub fn response(score: i64) -> NewResponse {
    NewResponse {
        dedupe_key: None,
        score: Score::new(score).expect("a score from 0 to 10"),
        comment: None,
        submitted_at_ms: 1_700_000_000_000,
        channel: None,
        touchpoint: None,
        unit: None,
        agent: None,
        contact_email: None,
        account: None,
        language: None,
        survey_id: None,
        source: "test".to_string(),
        attributes: BTreeMap::new(),
    }
}

/// A response carrying the de-duplication key number `key`.
pub fn keyed(score: i64, key: u32) -> NewResponse {
    NewResponse { dedupe_key: Some(dedupe_key(key)), ..response(score) }
}

pub fn dedupe_key(key: u32) -> [u8; 16] {
    let mut bytes = [0xAB; 16];
    bytes[..4].copy_from_slice(&key.to_be_bytes());
    bytes
}

pub fn path(text: &str) -> UnitPath {
    UnitPath::parse(text).expect("a valid unit path")
}

pub async fn new_org<S: Store>(store: &S, name: &str) -> OrgId {
    store.create_org(name, "UTC").await.expect("the organisation is created").id
}

/// Every response of `org`, in change order.
pub async fn all_responses<S: Store>(store: &S, org: OrgId) -> Vec<IndexedResponse> {
    store.responses_after(org, 0, i64::MAX).await.expect("responses are read")
}

pub fn scores(rows: &[IndexedResponse]) -> Vec<u8> {
    rows.iter().map(|r| r.score.value()).collect()
}

/// A valid survey with one English text; tests change what they are about.
pub fn survey(slug: &str) -> SurveyDefinition {
    let english = SurveyTexts {
        question: "How likely are you to recommend us to a friend?".into(),
        why: "Why?".into(),
        why_detractor: None,
        why_passive: None,
        why_promoter: None,
        thank_you: "Thank you.".into(),
        questions: BTreeMap::new(),
    };
    let definition = SurveyDefinition {
        slug: slug.into(),
        name: format!("Survey {slug}"),
        default_language: "en".into(),
        edit_window_hours: 48,
        redirect_url: None,
        redirect_hosts: Vec::new(),
        brand: Brand { organisation: "Acme".into(), colour: "#1f6feb".into(), logo: None },
        public_link: PublicLink::default(),
        questions: Vec::new(),
        texts: BTreeMap::from([("en".to_string(), english)]),
    };
    definition.validate().expect("the fixture survey is valid");
    definition
}

/// A submission that keeps stored duplicates, as an API retry does.
pub fn submission(org: OrgId, responses: Vec<NewResponse>) -> Submission {
    Submission { org, responses, on_duplicate: OnDuplicate::Keep }
}

/// Alerts kept in the outbox: the tests using it are about cases, not mail.
pub fn outbox() -> vocal_app::closed_loop::alert::Alerting {
    vocal_app::closed_loop::alert::Alerting {
        mailer: vocal_app::messaging::email::Mailer::new(None, None).unwrap(),
        public_url: "http://vocal.test".into(),
    }
}
