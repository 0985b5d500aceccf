//! The alert a case's owner receives, end to end with real parts: a
//! detractor answer is stored, the evaluator opens its case once, a job
//! worker step sends the queued alert to a real SMTP sink, and the message
//! is parsed back. Also: who gets nothing (email off), who gets German,
//! who gets it when routing found nobody (the admins), hostile input that
//! must not inject, and the two mails of an escalation.

mod support;

use std::time::Duration;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use mailparse::{MailHeaderMap, ParsedMail};
use vocal_app::closed_loop::alert::{Alerting, enqueue_escalation_alert};
use vocal_app::closed_loop::evaluate::evaluate_once;
use vocal_app::jobs::worker::{Step, step, step_at};
use vocal_app::messaging::email::Mailer;
use vocal_app::settings::{Settings, SmtpUrl};
use vocal_domain::{Email, OrgId, Phone, Role, Score, UnitPath, UserId};
use vocal_store::prelude::*;
use vocal_store::{Case, NewContact, NewResponse, NewUser, NotificationPreferences, User};
use vocal_store_sqlite::SqliteStore;

use support::smtp_sink::{self, Received};

const PUBLIC: &str = "http://vocal.test";
const DAY_MS: i64 = 86_400_000;
const CUSTOMER: &str = "eve@customer.example";

struct World {
    _dir: tempfile::TempDir,
    store: SqliteStore,
    org: OrgId,
    alerting: Alerting,
    inbox: tokio::sync::mpsc::UnboundedReceiver<Received>,
    now: i64,
}

impl World {
    /// Acme in Berlin's time zone, with Eve as a known customer.
    async fn new(org_name: &str) -> World {
        let (port, inbox) = smtp_sink::start().await;
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open_dir(dir.path()).await.unwrap();
        let org = store.create_org(org_name, "Europe/Berlin").await.unwrap().id;
        let settings = Settings {
            smtp_url: Some(SmtpUrl(format!("smtp://127.0.0.1:{port}?tls=none"))),
            mail_from: Some("Vocal <nps@example.com>".into()),
            ..Settings::default()
        };
        let alerting = Alerting { mailer: Mailer::from_settings(&settings).unwrap(), public_url: format!("{PUBLIC}/") };
        let eve = NewContact {
            email: Some(Email::parse(CUSTOMER).unwrap()),
            phone: Some(Phone::parse("+44 20 7946 0958").unwrap()),
            name: Some("Eve O'Neil <VIP>".into()),
            ..NewContact::default()
        };
        store.upsert_contact(org, eve).await.unwrap();
        World { _dir: dir, store, org, alerting, inbox, now: vocal_app::now_ms() }
    }

    async fn user(&self, email: &str, name: &str, role: Role, unit: Option<&str>) -> User {
        let unit_id = match unit {
            Some(path) => Some(self.store.ensure_unit(self.org, &UnitPath::parse(path).unwrap()).await.unwrap()),
            None => None,
        };
        let user = NewUser { email: Email::parse(email).unwrap(), name: name.into(), role, unit_id, agent_id: None };
        self.store.create_user(self.org, user).await.unwrap()
    }

    /// Eve's answer `days_ago`, at the Berlin support desk when `unit` is set.
    async fn answer(&self, score: i64, comment: &str, days_ago: i64, unit: Option<&str>) {
        let response = NewResponse {
            dedupe_key: None,
            score: Score::new(score).unwrap(),
            comment: Some(comment.into()),
            submitted_at_ms: self.now - days_ago * DAY_MS - 3_600_000,
            channel: Some("phone".into()),
            touchpoint: Some("support call".into()),
            unit: unit.map(|u| UnitPath::parse(u).unwrap()),
            agent: Some("Sam Reed".into()),
            contact_email: Some(Email::parse(CUSTOMER).unwrap()),
            account: None,
            language: None,
            survey_id: None,
            source: "api".into(),
            attributes: Default::default(),
        };
        self.store.insert_responses(self.org, vec![response]).await.unwrap();
    }

    async fn evaluate(&self) -> usize {
        evaluate_once(&self.store, &self.alerting, self.now).await.unwrap().opened
    }

    /// Runs worker steps until the queue is empty; what the sink received.
    async fn deliver(&mut self) -> Vec<Received> {
        let mut sent = 0;
        while let Step::Done(job) = step(&self.store, &self.alerting.mailer, "test-worker").await.unwrap() {
            assert!(job.last_error.is_none(), "{:?}", job.last_error);
            sent += 1;
        }
        let mut received = Vec::new();
        for _ in 0..sent {
            let message = tokio::time::timeout(Duration::from_secs(10), self.inbox.recv()).await.unwrap().unwrap();
            assert!(message.accepted);
            received.push(message);
        }
        received.sort_by(|a, b| a.rcpt_to.cmp(&b.rcpt_to));
        received
    }

    async fn only_case(&self) -> Case {
        let mut cases = self.store.list_cases(self.org, 0, 10).await.unwrap();
        assert_eq!(cases.len(), 1, "{cases:?}");
        cases.remove(0)
    }

    async fn prefer(&self, user: &User, preferences: NotificationPreferences) {
        self.store.set_notification_preferences(self.org, user.id, &preferences).await.unwrap();
    }
}

/// The parts of a received message.
struct Parsed {
    to: String,
    subject: String,
    text: String,
    html: String,
    raw: String,
}

fn parse(received: &Received) -> Parsed {
    let mail = mailparse::parse_mail(&received.data).unwrap();
    let part = |kind: &str| {
        mail.subparts.iter().find(|p: &&ParsedMail| p.ctype.mimetype == kind).expect(kind).get_body().unwrap()
    };
    Parsed {
        to: mail.get_headers().get_first_value("To").unwrap(),
        subject: mail.get_headers().get_first_value("Subject").unwrap(),
        text: part("text/plain").replace("\r\n", "\n"),
        html: part("text/html"),
        raw: String::from_utf8_lossy(&received.data).into_owned(),
    }
}

/// A date as the alert should show it: in Berlin, in `format`.
fn berlin(ms: i64, format: &str) -> String {
    Timestamp::from_millisecond(ms)
        .unwrap()
        .to_zoned_datetime(TimeZone::get("Europe/Berlin").unwrap())
        .strftime(format)
        .to_string()
}

#[tokio::test]
async fn the_owner_gets_the_alert_with_the_customer_their_history_and_a_link_to_the_case() {
    let mut world = World::new("Acme").await;
    let li = world.user("li@example.com", "Li Wei", Role::Manager, Some("Acme Support/Berlin")).await;
    world.user("ana@example.com", "Ana", Role::Admin, None).await;
    world.answer(9, "Great service", 40, None).await;
    world.answer(6, "Slow <b>again</b>", 20, Some("Acme Support/Berlin")).await;
    world.answer(3, "Nobody called me back & I'm \"furious\"", 0, Some("Acme Support/Berlin")).await;

    assert_eq!(world.evaluate().await, 1, "only the recent answer opens a case");
    assert_eq!(world.evaluate().await, 0, "and only once");
    let received = world.deliver().await;
    assert_eq!(received.len(), 1, "one alert, to the owner only");
    assert_eq!(received[0].rcpt_to, vec!["<li@example.com>".to_string()]);
    let case = world.only_case().await;
    assert_eq!(case.owner, Some(li.id));
    let mail = parse(&received[0]);
    assert_eq!(mail.to, "li@example.com");
    assert_eq!(mail.subject, "Detractor 3/10 — Acme Support/Berlin — call back within 48 h");

    let link = format!("{PUBLIC}/cases/{}", case.id.0);
    let text = &mail.text;
    for expected in [
        "Hello Li Wei,",
        "Score: 3/10 (Detractor)",
        "Customer: Eve O'Neil <VIP>, eve@customer.example, +442079460958",
        "Unit: Acme Support/Berlin",
        "Agent: Sam Reed",
        "Touchpoint: support call",
        "Channel: phone",
        "Matched rules: detractors",
        "Nobody called me back & I'm \"furious\"",
        &format!("First contact by: {}", berlin(case.first_contact_due_ms, "%Y-%m-%d %H:%M %Z")),
        &format!("Resolve by: {}", berlin(case.resolve_due_ms, "%Y-%m-%d %H:%M %Z")),
        &format!("- {}: 6/10 — Slow <b>again</b>", berlin(world.now - 20 * DAY_MS - 3_600_000, "%Y-%m-%d")),
        &format!("- {}: 9/10 — Great service", berlin(world.now - 40 * DAY_MS - 3_600_000, "%Y-%m-%d")),
        &format!("Open the case: {link}"),
    ] {
        assert!(text.contains(expected), "the text lacks {expected:?}:\n{text}");
    }
    let newer = text.find("6/10 — Slow").unwrap();
    assert!(newer < text.find("9/10 — Great").unwrap(), "newest first");
    assert_eq!(case.resolve_due_ms - case.first_contact_due_ms, 5 * DAY_MS, "48 h and 7 days, the default SLA");

    let html = &mail.html;
    assert!(html.contains(&format!(r#"href="{link}""#)), "{html}");
    assert!(html.contains("Nobody called me back &#38; I&#39;m &#34;furious&#34;"), "{html}");
    assert!(html.contains("Slow &#60;b&#62;again&#60;/b&#62;") && !html.contains("<b>again"), "{html}");
    assert!(html.contains("Eve O&#39;Neil &#60;VIP&#62;"), "{html}");
    assert!(html.contains(r#"<html lang="en">"#));
}

#[tokio::test]
async fn an_owner_with_email_off_receives_nothing() {
    let mut world = World::new("Acme").await;
    let li = world.user("li@example.com", "Li Wei", Role::Manager, Some("Acme Support/Berlin")).await;
    world.prefer(&li, NotificationPreferences { email: false, ..NotificationPreferences::default() }).await;
    world.answer(2, "bad", 0, Some("Acme Support/Berlin")).await;
    assert_eq!(world.evaluate().await, 1, "the case is opened all the same");
    assert!(world.deliver().await.is_empty());
    assert!(world.store.list_emails(world.org, 10).await.unwrap().is_empty(), "nothing kept either");
    assert_eq!(world.only_case().await.owner, Some(li.id));
}

#[tokio::test]
async fn every_manager_of_the_unit_hears_of_it_and_the_first_owns_it() {
    let mut world = World::new("Acme").await;
    let li = world.user("li@example.com", "Li Wei", Role::Manager, Some("Acme Support/Berlin")).await;
    world.user("max@example.com", "Max", Role::Manager, Some("Acme Support/Berlin")).await;
    world.user("ana@example.com", "Ana", Role::Manager, Some("Acme Support")).await;
    let off = world.user("off@example.com", "Off", Role::Manager, Some("Acme Support/Berlin")).await;
    world.store.set_user_disabled(world.org, off.id, true).await.unwrap();
    world.user("sam@example.com", "Sam", Role::Agent, Some("Acme Support/Berlin")).await;
    world.answer(2, "bad", 0, Some("Acme Support/Berlin")).await;
    assert_eq!(world.evaluate().await, 1);
    let to: Vec<Vec<String>> = world.deliver().await.into_iter().map(|r| r.rcpt_to).collect();
    assert_eq!(
        to,
        vec![vec!["<li@example.com>".to_string()], vec!["<max@example.com>".to_string()]],
        "both Berlin managers, not the one above them, the disabled one or the agent"
    );
    assert_eq!(world.only_case().await.owner, Some(li.id), "one owner");
}

#[tokio::test]
async fn an_alert_that_cannot_be_delivered_is_noted_on_the_case() {
    let mut world = World::new("Acme").await;
    world.user("li@example.com", "Li Wei", Role::Manager, Some("Acme Support/Berlin")).await;
    let closed_port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let settings = Settings {
        smtp_url: Some(SmtpUrl(format!("smtp://127.0.0.1:{closed_port}?tls=none"))),
        mail_from: Some("Vocal <nps@example.com>".into()),
        ..Settings::default()
    };
    world.alerting.mailer = Mailer::from_settings(&settings).unwrap();
    world.answer(2, "bad", 0, Some("Acme Support/Berlin")).await;
    assert_eq!(world.evaluate().await, 1);
    let mut now = vocal_app::now_ms();
    for _ in 0..vocal_app::messaging::email::MAIL_ATTEMPTS {
        let Step::Done(ran) = step_at(&world.store, &world.alerting.mailer, "w", now).await.unwrap() else { panic!() };
        now = world.store.job(world.org, ran.id).await.unwrap().unwrap().run_at_ms.max(now) + 1;
    }
    let case = world.only_case().await;
    let events = world.store.case_events(world.org, case.id).await.unwrap();
    let notes: Vec<&str> =
        events.iter().filter(|e| e.text.contains("could not be delivered")).map(|e| e.text.as_str()).collect();
    assert_eq!(notes.len(), 1, "noted once, after the last attempt: {events:?}");
    assert!(notes[0].contains("li@example.com"), "{}", notes[0]);
}

#[tokio::test]
async fn a_german_owner_gets_the_alert_in_german() {
    let mut world = World::new("Acme").await;
    let li = world.user("li@example.com", "Li Wei", Role::Manager, Some("Acme Support/Berlin")).await;
    world.prefer(&li, NotificationPreferences { language: "de".into(), ..NotificationPreferences::default() }).await;
    world.answer(8, "war ok", 20, None).await;
    world.answer(3, "Niemand hat zurückgerufen", 0, Some("Acme Support/Berlin")).await;
    world.evaluate().await;
    let received = world.deliver().await;
    let mail = parse(&received[0]);
    assert_eq!(mail.subject, "Kritiker 3/10 — Acme Support/Berlin — Rückruf innerhalb von 48 Std.");
    let case = world.only_case().await;
    for expected in [
        "Hallo Li Wei,".to_string(),
        "Bewertung: 3/10 (Kritiker)".into(),
        "Niemand hat zurückgerufen".into(),
        format!("Erstkontakt bis: {}", berlin(case.first_contact_due_ms, "%d.%m.%Y %H:%M %Z")),
        format!("Frühere Antworten:\n- {}: 8/10 — war ok", berlin(world.now - 20 * DAY_MS - 3_600_000, "%d.%m.%Y")),
        format!("Fall öffnen: {PUBLIC}/cases/{}", case.id.0),
        "Gesendet von Vocal für Acme.".into(),
    ] {
        assert!(mail.text.contains(&expected), "the text lacks {expected:?}:\n{}", mail.text);
    }
    assert!(!mail.text.contains("Hello"), "{}", mail.text);
    assert!(mail.html.contains(r#"<html lang="de">"#) && mail.html.contains("Fall öffnen"), "{}", mail.html);
}

#[tokio::test]
async fn hostile_text_cannot_inject_headers_or_markup_and_the_admins_get_an_unrouted_alert() {
    let mut world = World::new("Acme\r\nBcc: evil@example.com").await;
    world.user("ana@example.com", "Ana", Role::Admin, None).await;
    world.user("bo@example.com", "Bo", Role::Admin, None).await;
    let gone = world.user("cy@example.com", "Cy", Role::Admin, None).await;
    world.store.set_user_disabled(world.org, gone.id, true).await.unwrap();
    world.user("li@example.com", "Li", Role::Manager, Some("Elsewhere")).await;
    let comment = "<script>alert(1)</script>\r\nBcc: evil@example.com\r\n\r\n.\r\nMAIL FROM:<evil@example.com>";
    world.answer(0, comment, 0, None).await;
    world.evaluate().await;
    let case = world.only_case().await;
    assert_eq!(case.routed_by, "admins");

    let received = world.deliver().await;
    let to: Vec<&str> = received.iter().flat_map(|r| r.rcpt_to.iter().map(String::as_str)).collect();
    assert_eq!(to, vec!["<ana@example.com>", "<bo@example.com>"], "every active admin, nobody else");
    for message in &received {
        assert!(!message.mail_from.contains("evil"), "{}", message.mail_from);
        let mail = parse(message);
        let parsed = mailparse::parse_mail(&message.data).unwrap();
        assert!(parsed.get_headers().get_first_value("Bcc").is_none(), "{}", mail.raw);
        assert_eq!(mail.subject, "Detractor 0/10 — Acme Bcc: evil@example.com — call back within 48 h");
        assert!(!mail.html.contains("<script>"), "{}", mail.html);
        assert!(mail.html.contains("&#60;script&#62;alert(1)&#60;/script&#62;"), "{}", mail.html);
        assert!(mail.text.contains("<script>alert(1)</script>"), "the plain text keeps it as text");
    }
}

#[tokio::test]
async fn an_escalation_tells_the_new_owner_and_the_previous_one() {
    let mut world = World::new("Acme").await;
    let li = world.user("li@example.com", "Li Wei", Role::Manager, Some("Acme Support/Berlin")).await;
    let mo = world.user("mo@example.com", "Mo Park", Role::Manager, Some("Acme Support")).await;
    world.prefer(&mo, NotificationPreferences { language: "de".into(), ..NotificationPreferences::default() }).await;
    world.answer(4, "still waiting", 0, Some("Acme Support/Berlin")).await;
    world.evaluate().await;
    assert_eq!(world.deliver().await.len(), 1, "the opening alert");
    let case = world.only_case().await;

    let told = enqueue_escalation_alert(&world.store, &world.alerting.mailer, PUBLIC, &case, Some(li.id), mo.id)
        .await
        .unwrap();
    assert_eq!(told.emails, 2);
    let received = world.deliver().await;
    let (to_li, to_mo) = (parse(&received[0]), parse(&received[1]));
    assert_eq!((to_li.to.as_str(), to_mo.to.as_str()), ("li@example.com", "mo@example.com"));
    assert_eq!(to_mo.subject, "Überfällig, an Sie eskaliert: Kritiker 4/10 — Acme Support/Berlin");
    assert!(to_mo.text.contains("bisher bei Li Wei"), "{}", to_mo.text);
    assert_eq!(to_li.subject, "Escalated to Mo Park: Detractor 4/10 — Acme Support/Berlin");
    assert!(to_li.text.contains("has been escalated to Mo Park"), "{}", to_li.text);
    for mail in [&to_li, &to_mo] {
        assert!(mail.text.contains(&format!("{PUBLIC}/cases/{}", case.id.0)), "{}", mail.text);
        assert!(mail.text.contains("still waiting"), "{}", mail.text);
    }

    let unowned = enqueue_escalation_alert(&world.store, &world.alerting.mailer, PUBLIC, &case, None, mo.id);
    assert_eq!(unowned.await.unwrap().emails, 1, "nobody to tell but the new owner");
    let missing = enqueue_escalation_alert(&world.store, &world.alerting.mailer, PUBLIC, &case, None, UserId(9_999));
    assert!(missing.await.is_err(), "an unknown new owner is an error, not a silent success");
}
