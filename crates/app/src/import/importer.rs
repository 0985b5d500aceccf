//! Importing a CSV file: parsing on a blocking thread while the database
//! stores the batches already parsed, all in one transaction that commits
//! only when the whole file was good.

use jiff::tz::TimeZone;
use tokio::sync::mpsc;
use vocal_domain::OrgId;
use vocal_store::{InsertOutcome, Organisation, Store, StoreError, StreamItem};

use crate::import::{ImportError, ImportOptions, ImportSummary, parse_in_batches, parse_responses};
use crate::organisation::OrgError;

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
    /// The organisation to import into is unclear.
    #[error(transparent)]
    Org(OrgError),
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

/// Imports into the named organisation (or the only one). An empty
/// database gets its first organisation only once the whole file has
/// parsed, so a bad file leaves nothing behind, not even an empty organisation.
pub async fn import_into_org<S: Store>(
    store: &S,
    org_name: Option<&str>,
    bytes: Vec<u8>,
    progress: impl FnMut(usize) + Send + 'static,
) -> Result<(Organisation, ImportSummary, InsertOutcome), ImportFailure> {
    let existing = match crate::organisation::find(store, org_name).await {
        Ok(org) => Some(org),
        Err(OrgError::None) => None,
        Err(OrgError::Unknown(..)) if store.list_orgs().await?.is_empty() => None,
        Err(other) => return Err(ImportFailure::Org(other)),
    };
    if let Some(org) = existing {
        let time_zone = TimeZone::get(&org.time_zone).unwrap_or(TimeZone::UTC);
        let options = ImportOptions { time_zone, ..ImportOptions::default() };
        let (summary, outcome) = import_csv(store, org.id, bytes, options, progress).await?;
        return Ok((org, summary, outcome));
    }
    let parsed = tokio::task::spawn_blocking(move || {
        let mut progress = progress;
        parse_responses(&bytes, &ImportOptions::default(), &mut progress)
    })
    .await
    .map_err(|e| StoreError::Database(format!("the parser stopped: {e}")))??;
    let org = crate::organisation::find_or_create(store, org_name).await.map_err(ImportFailure::Org)?;
    let summary =
        ImportSummary { format: parsed.format, rows: parsed.rows.len(), attribute_columns: parsed.attribute_columns };
    let outcome = store.insert_responses(org.id, parsed.rows).await?;
    Ok((org, summary, outcome))
}
