//! `GET /live`: server-sent events telling an open page that responses it
//! may show have arrived. The event carries no data (the page fetches itself
//! again, through the same scoping as any page view), and only users whose
//! scope holds one of the new responses get it. Changes are gathered for
//! [`GATHER`] so a busy minute means a few refreshes, not thousands.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use tokio::sync::broadcast::{Receiver, error::RecvError};
use vocal_app::accounts::scope::Scope;
use vocal_app::live_index::registry::Change;
use vocal_store::Store;

use crate::server::App;
use crate::session::CurrentUser;

/// How long changes are gathered into one event after the first arrives.
pub const GATHER: Duration = Duration::from_millis(250);

pub async fn live<S: Store>(
    State(app): State<App<S>>,
    user: CurrentUser,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let listener = Listener { app, scope: user.scope, changes: None };
    let stream = futures_util::stream::unfold(listener, |mut listener| async move {
        let event = listener.next_event().await?;
        Some((Ok(event), listener))
    });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

struct Listener<S: Store> {
    app: App<S>,
    scope: Scope,
    /// Subscribed on the first poll, so the `ready` event comes first.
    changes: Option<Receiver<Arc<Change>>>,
}

impl<S: Store> Listener<S> {
    async fn next_event(&mut self) -> Option<Event> {
        if self.changes.is_none() {
            self.changes = Some(self.app.indexes.subscribe());
            return Some(Event::default().event("ready").data("listening"));
        }
        loop {
            let received = self.changes.as_mut()?.recv().await;
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
