//! Importing a CSV file: parsing on a blocking thread while the database
//! stores the batches already parsed, all in one transaction that commits
//! only when the whole file was good.

use tokio::sync::mpsc;
use vocal_domain::OrgId;
use vocal_store::{InsertOutcome, Store, StoreError, StreamItem};

use crate::import::{ImportError, ImportOptions, ImportSummary, parse_in_batches};

/// Batches parsed but not yet stored; bounds the memory an import holds.
const BATCHES_IN_FLIGHT: usize = 2;

#[derive(Debug, thiserror::Error)]
pub enum ImportFailure {
    /// The file is not acceptable; nothing was stored.
    #[error(transparent)]
    File(#[from] ImportError),
    /// Storing failed; nothing was stored.
    #[error("storing the responses: {0}")]
    Store(#[from] StoreError),
}

/// Parses `bytes` and stores every response, or nothing.
pub async fn import_csv<S: Store>(
    store: &S,
    org: OrgId,
    bytes: Vec<u8>,
    options: ImportOptions,
    progress: impl FnMut(usize) + Send + 'static,
) -> Result<(ImportSummary, InsertOutcome), ImportFailure> {
    let (sender, receiver) = mpsc::channel(BATCHES_IN_FLIGHT);
    let parsing = tokio::task::spawn_blocking(move || {
        let mut progress = progress;
        let result = parse_in_batches(&bytes, &options, &mut progress, &mut |batch| {
            // A closed channel means storing failed; its error is reported below.
            let _ = sender.blocking_send(StreamItem::Rows(batch));
        });
        if result.is_ok() {
            let _ = sender.blocking_send(StreamItem::Commit);
        }
        result // the sender is dropped here: without Commit, the store rolls back
    });
    let (stored, parsed) = tokio::join!(store.insert_response_stream(org, receiver), parsing);
    let summary = parsed.map_err(|e| StoreError::Database(format!("the parser stopped: {e}")))??;
    Ok((summary, stored?))
}
