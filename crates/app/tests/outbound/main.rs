//! Outbound HTTP with real parts: a local axum receiver gets signed
//! webhooks, Slack payloads and SMS gateway forms, through the job queue's
//! worker step. `webhooks`: signatures (verified independently of the
//! signing code), retries under one `webhook-id`, 410, redirects, the SSRF
//! guard, secret rotation, Slack. `sms`: the gateway's form and a template
//! that cannot render. `cases`: an opened case reaching its channels, and
//! an alert text the gateway refuses noted on the case. The shared set-up
//! is here.

#[path = "../support/http_receiver.rs"]
mod http_receiver;

mod cases;
mod sms;
mod webhooks;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use vocal_app::closed_loop::alert::queue_sms_alert;
use vocal_app::jobs::worker::{Handlers, Step, step_with};
use vocal_app::messaging::email::Mailer;
use vocal_app::messaging::outbound::channels::{self, ChannelError, ChannelSpec, Created};
use vocal_app::messaging::outbound::enqueue::{enqueue_case_webhooks, enqueue_sms, enqueue_test};
use vocal_app::messaging::outbound::sms_template::{BasicAuth, FormField, SmsTemplate};
use vocal_app::messaging::outbound::{Outbound, TargetPolicy};
use vocal_app::organisation::audit::Actor;
use vocal_domain::{Email, OrgId, Phone, Role, Score, UnitPath};
use vocal_store::prelude::*;
use vocal_store::{CaseOpening, ChannelEvent, ChannelKind, Job, JobState, NewCase, NewResponse, NewUser};
use vocal_store_sqlite::SqliteStore;

const ALLOW: TargetPolicy = TargetPolicy { allow_private: true };
const DENY: TargetPolicy = TargetPolicy { allow_private: false };
const HOUR_MS: i64 = 3_600_000;

async fn store_with_org() -> (tempfile::TempDir, SqliteStore, OrgId) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open_dir(dir.path()).await.unwrap();
    let org = store.create_org("Acme", "UTC").await.unwrap();
    (dir, store, org.id)
}

fn handlers(allow_private: bool) -> Handlers {
    Handlers::new(Mailer::new(None, None).unwrap()).with_outbound(Outbound::new(allow_private))
}

fn spec(kind: ChannelKind, url: &str) -> ChannelSpec {
    ChannelSpec { kind, name: format!("{} receiver", kind.as_str()), url: url.into(), events: vec![], sms: None }
}

async fn add(store: &SqliteStore, org: OrgId, spec: ChannelSpec) -> Created {
    channels::add(store, Actor::CommandLine(org), ALLOW, spec).await.unwrap()
}

/// Runs the next due job at `now_ms` as if `vocal serve` did.
async fn run_next(store: &SqliteStore, allow_private: bool, now_ms: i64) -> Job {
    match step_with(store, &handlers(allow_private), "w1", now_ms).await.unwrap() {
        Step::Done(job) => store.job(job.org_id, job.id).await.unwrap().unwrap(),
        Step::Empty => panic!("a due job"),
    }
}

/// The SMS gateway the tests post to: a form, with basic auth.
fn gateway_template() -> SmsTemplate {
    let field = |name: &str, value: &str| FormField { name: name.into(), value: value.into() };
    SmsTemplate {
        fields: vec![field("To", "{{to}}"), field("From", "+15005550006"), field("Body", "Vocal: {{text}}")],
        basic_auth: Some(BasicAuth { username: "AC123".into(), password: "tok&en".into() }),
        header: None,
    }
}
