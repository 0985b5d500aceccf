//! `GET /live`: server-sent events telling an open page that responses it
//! may show have arrived. The event carries no data (the page fetches itself
//! again, through the same scoping as any page view), and only users whose
//! scope holds one of the new responses get it. Changes are gathered for
//! [`GATHER`] so a busy minute means a few refreshes, not thousands.
//!
//! With `?cases=1` (the case pages) it also tells of changed cases in the
//! user's organisation, without checking each case's scope: the page's
//! refetch is scoped, and the signal says no more than "something changed".
//!
//! A stream is only as good as the sign-in that opened it: every
//! [`SESSION_CHECK`] it looks again, and ends once the session is gone
//! (signed out, a password changed, the user disabled) or the user is
//! disabled.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Query, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use tokio::sync::broadcast::{Receiver, error::RecvError};
use vocal_app::accounts::scope::Scope;
use vocal_app::live_index::registry::Change;
use vocal_domain::OrgId;
use vocal_store::{Store, User};

use crate::server::App;
use crate::session::CurrentUser;

/// How long changes are gathered into one event after the first arrives.
pub const GATHER: Duration = Duration::from_millis(250);
/// How often an open stream checks that its session and user are still valid.
pub const SESSION_CHECK: Duration = Duration::from_secs(2);

/// What the page listens for besides responses.
#[derive(Debug, Default, serde::Deserialize)]
pub struct LiveQuery {
    /// `1`: changes to cases too.
    #[serde(default)]
    cases: Option<u8>,
}

pub async fn live<S: Store>(
    State(app): State<App<S>>,
    user: CurrentUser,
    Query(query): Query<LiveQuery>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let cases = (query.cases == Some(1)).then(|| app.case_watch.subscribe());
    let session = user.session.id().map(|id| crate::session::id_hash(&id));
    let mut check = tokio::time::interval(SESSION_CHECK);
    check.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let listener = Listener { app, user: user.user, session, check, scope: user.scope, changes: None, cases };
    let stream = futures_util::stream::unfold(listener, |mut listener| async move {
        let event = listener.next_event().await?;
        Some((Ok(event), listener))
    });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

struct Listener<S: Store> {
    app: App<S>,
    user: User,
    /// The hash of the session id the stream was opened with.
    session: Option<[u8; 32]>,
    check: tokio::time::Interval,
    scope: Scope,
    /// Subscribed on the first poll, so the `ready` event comes first.
    changes: Option<Receiver<Arc<Change>>>,
    /// Changed organisations' cases, when the page asked for them.
    cases: Option<Receiver<OrgId>>,
}

/// The next changed organisation, or never when the page did not ask.
async fn next_org(cases: &mut Option<Receiver<OrgId>>) -> Option<Result<OrgId, RecvError>> {
    match cases {
        Some(receiver) => Some(receiver.recv().await),
        None => std::future::pending().await,
    }
}

impl<S: Store> Listener<S> {
    async fn next_event(&mut self) -> Option<Event> {
        if self.changes.is_none() {
            self.changes = Some(self.app.indexes.subscribe());
            return Some(Event::default().event("ready").data("listening"));
        }
        loop {
            let received = tokio::select! {
                received = self.changes.as_mut()?.recv() => received,
                Some(org) = next_org(&mut self.cases) => {
                    let ours = match org {
                        Ok(org) => org == self.user.org_id,
                        Err(RecvError::Lagged(_)) => true,
                        Err(RecvError::Closed) => {
                            self.cases = None;
                            false
                        }
                    };
                    if ours {
                        tokio::time::sleep(GATHER).await;
                        if let Some(cases) = self.cases.as_mut() {
                            while cases.try_recv().is_ok() {}
                        }
                        return Some(Event::default().event("change").data("cases"));
                    }
                    continue;
                }
                _ = self.check.tick() => {
                    if !self.still_signed_in().await {
                        return None;
                    }
                    continue;
                }
            };
            let relevant = match received {
                Ok(change) => self.concerns(&change).await,
                // Missed some: they might have been ours.
                Err(RecvError::Lagged(_)) => true,
                Err(RecvError::Closed) => return None,
            };
            if relevant {
                tokio::time::sleep(GATHER).await;
                // What arrived meanwhile is covered by the same refresh.
                let changes = self.changes.as_mut()?;
                while changes.try_recv().is_ok() {}
                return Some(Event::default().event("change").data("responses"));
            }
        }
    }

    /// Whether the session still exists for this user and the user is
    /// enabled. A database that does not answer ends nothing: the next
    /// check will tell.
    async fn still_signed_in(&self) -> bool {
        let Some(session) = self.session else { return false };
        let store = &self.app.store;
        let (org, id) = (self.user.org_id, self.user.id);
        let session = match store.load_session(session, vocal_app::now_ms()).await {
            Ok(found) => found.is_some_and(|s| s.user_id == Some(id)),
            Err(_) => return true,
        };
        match store.user(org, id).await {
            Ok(user) => session && user.is_some_and(|u| !u.disabled),
            Err(_) => true,
        }
    }

    /// Whether the user may see any response of the change.
    async fn concerns(&self, change: &Change) -> bool {
        if change.org != self.scope.org {
            return false;
        }
        let Some(touched) = &change.touched else { return true };
        if self.scope.is_everything() {
            return true;
        }
        let Ok(index) = self.app.indexes.get(&self.app.store, change.org).await else { return true };
        let index = index.read().await;
        touched.iter().any(|t| self.scope.sees_response(&index.units, t.unit, t.agent))
    }
}
