//! The storage contract: one trait that every backend implements, and the
//! records that cross it. The web layer and the CLI are written against
//! [`Store`], and the backend is chosen once at start-up from the URL.
#![forbid(unsafe_code)]

mod error;
mod records;
mod store;
mod web_records;

pub use error::{StoreError, StoreResult};
pub use records::*;
pub use store::Store;
pub use web_records::*;
