//! `/admin/jobs`: the queue as the server's own workers leave it, by
//! state, a dead job queued again through the page (and logged), and
//! nobody but admins reaching it.

use std::time::Duration;

use vocal_domain::Role;
use vocal_store::prelude::*;
use vocal_store::{JobState, NewJob};

use crate::helpers::{TestServer, spawn};

/// Waits until the server's workers have left job `id` in `state`.
async fn until(server: &TestServer, id: i64, state: JobState) {
    for _ in 0..200 {
        if server.store.job(server.org, id).await.unwrap().is_some_and(|j| j.state == state) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("job {id} never became {}", state.as_str());
}

#[tokio::test]
async fn admins_see_the_queue_by_state_and_queue_a_dead_job_again() {
    let server = spawn(vec![]).await;
    let admin = server.sign_in_as("root@acme.example", Role::Admin, None, None).await;
    // No handler knows this kind: the server's workers make it dead at once.
    let new = NewJob { kind: "fax <b>".into(), payload: "{}".into(), max_attempts: 3, run_at_ms: vocal_app::now_ms() };
    let fax = server.store.enqueue_job(server.org, new).await.unwrap();
    until(&server, fax.id, JobState::Dead).await;
    // An invitation: a mail job, which the workers keep in the outbox (no SMTP).
    let (status, _, _) =
        admin.post_form("/admin/users", &[("email", "mia@acme.example"), ("name", "Mia"), ("role", "analyst")]).await;
    assert_eq!(status, 303);
    let mail = server.store.list_jobs(server.org, None, 1).await.unwrap().remove(0);
    assert_eq!(mail.kind, "mail");
    until(&server, mail.id, JobState::Done).await;

    let (status, page) = admin.get("/admin/jobs").await;
    assert_eq!(status, 200);
    assert!(page.contains("mia@acme.example — You are invited to Vocal"), "what a mail job sends: {page}");
    assert!(page.contains("fax &#60;b&#62;") && !page.contains("fax <b>"), "escaped: {page}");
    assert!(page.contains("no handler for jobs of kind"), "the last error: {page}");
    assert!(page.contains(&format!("action=\"/admin/jobs/{}/retry\"", fax.id)), "a dead job can be retried");
    assert!(!page.contains(&format!("action=\"/admin/jobs/{}/retry\"", mail.id)), "a done one cannot");
    let (_, dead) = admin.get("/admin/jobs?state=dead").await;
    assert!(dead.contains(&format!("/admin/jobs/{}/retry", fax.id)) && !dead.contains("mia@acme.example"), "{dead}");
    let (status, unknown) = admin.get("/admin/jobs?state=lost").await;
    assert_eq!(status, 200);
    assert!(unknown.contains("mia@acme.example"), "an unknown state shows every job");

    let (status, location, _) = admin.post_form(&format!("/admin/jobs/{}/retry", fax.id), &[]).await;
    assert_eq!((status, location.as_deref()), (303, Some("/admin/jobs?done=retried")));
    let again = server.store.job(server.org, fax.id).await.unwrap().unwrap();
    assert!(again.attempts <= 1, "its attempts start again: {again:?}");
    until(&server, fax.id, JobState::Dead).await;
    let logged = server.store.list_audit(server.org, None, 1).await.unwrap().remove(0).entry;
    assert_eq!((logged.action.as_str(), logged.actor.as_str()), ("job.retry", "root@acme.example"));
    let (status, location, _) = admin.post_form(&format!("/admin/jobs/{}/retry", mail.id), &[]).await;
    assert_eq!((status, location.as_deref()), (303, Some("/admin/jobs?done=unchanged")));
    assert_eq!(admin.post_form("/admin/jobs/999999/retry", &[]).await.0, 404);
    assert_eq!(admin.get(&format!("/admin/jobs/{}/retry", fax.id)).await.0, 303);

    let analyst = server.sign_in_as("ana@acme.example", Role::Analyst, None, None).await;
    assert_eq!(analyst.get("/admin/jobs").await.0, 404);
    assert_eq!(analyst.post_form(&format!("/admin/jobs/{}/retry", fax.id), &[]).await.0, 404);
}
