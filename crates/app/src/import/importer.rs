//! Importing a CSV file: reading and parsing it on a blocking thread while
//! the database stores the batches already parsed, all in one transaction
//! that commits only when the whole file was good. Only the batches in
//! flight are in memory, whatever the size of the file.

use std::io::Read;

use jiff::tz::TimeZone;
use tokio::sync::mpsc;
use vocal_store::{InsertOutcome, Organisation, Store, StoreError, StreamItem, StreamTarget};

use crate::import::{ImportError, ImportOptions, ImportSummary, parse_in_batches};
use crate::organisation::{DEFAULT_ORG, OrgError};

/// Batches parsed but not yet stored; bounds the memory an import holds.
const BATCHES_IN_FLIGHT: usize = 2;

/// The time zone of an organisation a first import creates.
const NEW_ORG_TIME_ZONE: &str = "UTC";

#[derive(Debug, thiserror::Error)]
pub enum ImportFailure {
    /// The file is not acceptable; nothing was stored.
    #[error(transparent)]
    File(#[from] ImportError),
    /// Storing failed; nothing was stored.
    #[error("storing the responses: {0}")]
    Store(#[from] StoreError),
    /// The organisation to import into is unclear.
    #[error(transparent)]
    Org(OrgError),
}

/// Reads `file` and stores every response into `target`, or nothing (not
/// even a [`StreamTarget::New`] organisation).
pub async fn import_csv<S: Store>(
    store: &S,
    target: StreamTarget,
    file: impl Read + Send + 'static,
    options: ImportOptions,
    progress: impl FnMut(usize) + Send + 'static,
) -> Result<(Organisation, ImportSummary, InsertOutcome), ImportFailure> {
    let (sender, receiver) = mpsc::channel(BATCHES_IN_FLIGHT);
    let parsing = tokio::task::spawn_blocking(move || {
        let mut progress = progress;
        let result = parse_in_batches(file, &options, &mut progress, &mut |batch| {
            // A closed channel means storing failed; its error is reported below.
            let _ = sender.blocking_send(StreamItem::Rows(batch));
        });
        if result.is_ok() {
            let _ = sender.blocking_send(StreamItem::Commit);
        }
        result // the sender is dropped here: without Commit, the store rolls back
    });
    let (stored, parsed) = tokio::join!(store.insert_response_stream(target.clone(), receiver), parsing);
    let summary = parsed.map_err(|e| StoreError::Database(format!("the parser stopped: {e}")))??;
    let stored = stored?;
    let org = match target {
        StreamTarget::Existing(_) => store
            .list_orgs()
            .await?
            .into_iter()
            .find(|o| o.id == stored.org)
            .ok_or(StoreError::NotFound("organisation"))?,
        StreamTarget::New { name, time_zone } => Organisation { id: stored.org, name, time_zone },
    };
    Ok((org, summary, stored.outcome))
}

/// Imports into the named organisation (or the only one). An empty
/// database gets its first organisation (named, or `default`) in the
/// import's own transaction, so a bad file leaves nothing behind, not even
/// an empty organisation.
pub async fn import_into_org<S: Store>(
    store: &S,
    org_name: Option<&str>,
    file: impl Read + Send + 'static,
    progress: impl FnMut(usize) + Send + 'static,
) -> Result<(Organisation, ImportSummary, InsertOutcome), ImportFailure> {
    let (target, options) = match crate::organisation::find(store, org_name).await {
        Ok(org) => {
            let time_zone = TimeZone::get(&org.time_zone).unwrap_or(TimeZone::UTC);
            (StreamTarget::Existing(org.id), ImportOptions { time_zone, ..ImportOptions::default() })
        }
        Err(OrgError::None) => (new_org(org_name.unwrap_or(DEFAULT_ORG)), ImportOptions::default()),
        Err(OrgError::Unknown(name, _)) if store.list_orgs().await?.is_empty() => {
            (new_org(&name), ImportOptions::default())
        }
        Err(other) => return Err(ImportFailure::Org(other)),
    };
    import_csv(store, target, file, options, progress).await
}

fn new_org(name: &str) -> StreamTarget {
    StreamTarget::New { name: name.to_string(), time_zone: NEW_ORG_TIME_ZONE.to_string() }
}
