//! The organisation: choosing the one a command works on, its unit tree
//! (`units`) and the audit log of changes people make in it (`audit`).

pub mod audit;
pub mod units;

use vocal_store::{Organisation, Store};

/// The organisation new databases get on their first import.
pub const DEFAULT_ORG: &str = "default";

#[derive(Debug, thiserror::Error)]
pub enum OrgError {
    #[error("no organisation named {0:?}; existing: {1}")]
    Unknown(String, String),
    #[error("there are several organisations ({0}); choose one with --org NAME")]
    Ambiguous(String),
    #[error("the database has no organisation yet; import responses or run `vocal demo` first")]
    None,
    #[error(transparent)]
    Store(#[from] vocal_store::StoreError),
}

fn names(orgs: &[Organisation]) -> String {
    orgs.iter().map(|o| o.name.as_str()).collect::<Vec<_>>().join(", ")
}

/// The named organisation, or the only one when no name is given.
pub async fn find<S: Store>(store: &S, name: Option<&str>) -> Result<Organisation, OrgError> {
    let orgs = store.list_orgs().await?;
    match name {
        Some(name) => orgs
            .iter()
            .find(|o| o.name == name)
            .cloned()
            .ok_or_else(|| OrgError::Unknown(name.to_string(), names(&orgs))),
        None => match orgs.as_slice() {
            [only] => Ok(only.clone()),
            [] => Err(OrgError::None),
            _ => Err(OrgError::Ambiguous(names(&orgs))),
        },
    }
}

/// Like [`find`], but an empty database gets the organisation (named, or `default`).
pub async fn find_or_create<S: Store>(store: &S, name: Option<&str>) -> Result<Organisation, OrgError> {
    match find(store, name).await {
        Err(OrgError::None) => Ok(store.create_org(name.unwrap_or(DEFAULT_ORG), "UTC").await?),
        Err(OrgError::Unknown(name, _)) if store.list_orgs().await?.is_empty() => {
            Ok(store.create_org(&name, "UTC").await?)
        }
        other => other,
    }
}

/// A name people give a unit or a key: trimmed, 1–`max` characters, on one line.
pub(crate) fn one_line_name(text: &str, max: usize) -> Result<String, String> {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > max {
        return Err(format!("Give a name of 1 to {max} characters."));
    }
    if text.chars().any(char::is_control) {
        return Err("Keep the name on one line, without control characters.".into());
    }
    Ok(text.to_string())
}
