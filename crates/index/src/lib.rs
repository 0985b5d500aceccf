//! The in-memory columnar index of responses. NPS is a sum of three counts,
//! so every breakdown — by any field, with any filters — is one scan of a
//! few bytes per response. The database stays the source of truth: the
//! index is rebuilt from it (or from a snapshot file plus the changes since)
//! and catches up by change sequence after every write.
#![forbid(unsafe_code)]

mod attributes_within;
pub mod column;
pub mod dictionary;
mod execute;
mod index;
mod plan;
pub mod snapshot;

pub use execute::Histograms;
pub use index::{ApplyError, ResponseIndex};
pub use plan::{Catalog, Dimension, EXCLUDED, Plan, find_unit};
