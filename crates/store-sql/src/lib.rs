//! What the two SQL backends share.
//!
//! Most of Vocal's SQL is the same on SQLite and PostgreSQL; only the pool,
//! row and connection types differ. That SQL is written once, in the modules
//! under `crates/store-sql/shared/`, and each backend compiles them into
//! itself (`#[path = "../../store-sql/shared/mod.rs"] mod shared;`) next to
//! a `backend` module that names its types and its few differing mechanisms:
//!
//! ```text
//! crate::backend::{Db, Pool, Row, Conn, Store}   the sqlx types and the store
//! crate::backend::begin_write(pool)              BEGIN IMMEDIATE on SQLite, BEGIN on PostgreSQL
//! crate::backend::{from_sqlx, unique_as}          the backend's error sorting
//! crate::backend::lock_unit_moves(conn, org)      a row lock on PostgreSQL, nothing on SQLite
//! crate::backend::{ensure_unit, responses::…}     bulk paths that really differ
//! ```
//!
//! So each shared statement is monomorphic code in each backend — no
//! generic bounds over `sqlx::Database` — and the compiler checks it against
//! both (see docs/architecture.md, "Storage"). This crate itself holds what
//! can be compiled once: decoding a column without panicking, and the clock.
#![forbid(unsafe_code)]

pub mod decode;
pub mod errors;

/// Milliseconds since the Unix epoch, the unit of every stored time.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

/// A random identity for a new database (32 hex digits), from the OS
/// entropy behind `RandomState` mixed with the clock and the process; it
/// only needs to differ between databases.
pub fn new_instance_id() -> String {
    use std::hash::{BuildHasher, RandomState};
    let a = RandomState::new().hash_one(now_ms());
    let b = RandomState::new().hash_one(std::process::id());
    format!("{:032x}", (u128::from(a) << 64) | u128::from(b))
}

/// Names a backend's types for the shared modules, in its `backend.rs`:
/// `Db`, `Pool`, `Row`, `Conn`, `Store` and `Tx` (a write transaction).
#[macro_export]
macro_rules! backend_types {
    (db: $db:ty, pool: $pool:ty, row: $row:ty, conn: $conn:ty, store: $store:ty $(,)?) => {
        pub(crate) type Db = $db;
        pub(crate) type Pool = $pool;
        pub(crate) type Row = $row;
        pub(crate) type Conn = $conn;
        pub(crate) type Store = $store;
        pub(crate) type Tx = sqlx::Transaction<'static, $db>;
    };
}
