//! Reading a column by name, never panicking: a value that does not decode
//! (a text where a number belongs, a NULL in a required column, JSON that
//! does not parse, an unknown role) is `StoreError::Corrupt` naming the
//! table and the column, so the log says where to look and the client gets
//! a 500, not a crashed worker.

use sqlx::{ColumnIndex, Decode, Row, Type};
use vocal_store::{StoreError, StoreResult};

/// The column `column` of `row` (from `table`) as a `T`.
pub fn column<'r, R, T>(row: &'r R, table: &'static str, column: &'static str) -> StoreResult<T>
where
    R: Row,
    T: Decode<'r, R::Database> + Type<R::Database>,
    &'static str: ColumnIndex<R>,
{
    row.try_get(column).map_err(|e| StoreError::Corrupt { table, column, detail: e.to_string() })
}

/// The column as text, then parsed by `parse` (roles, scopes, statuses).
pub fn parsed<'r, R, T, E>(
    row: &'r R,
    table: &'static str,
    name: &'static str,
    parse: impl FnOnce(&str) -> Result<T, E>,
) -> StoreResult<T>
where
    R: Row,
    E: std::fmt::Display,
    String: Decode<'r, R::Database> + Type<R::Database>,
    &'static str: ColumnIndex<R>,
{
    let text: String = column(row, table, name)?;
    parse(&text).map_err(|e| StoreError::Corrupt { table, column: name, detail: format!("{text:?}: {e}") })
}

/// A nullable text column, parsed by `parse` when it holds a value (a
/// contact's email or phone).
pub fn parsed_optional<'r, R, T, E>(
    row: &'r R,
    table: &'static str,
    name: &'static str,
    parse: impl FnOnce(&str) -> Result<T, E>,
) -> StoreResult<Option<T>>
where
    R: Row,
    E: std::fmt::Display,
    Option<String>: Decode<'r, R::Database> + Type<R::Database>,
    &'static str: ColumnIndex<R>,
{
    let text: Option<String> = column(row, table, name)?;
    let corrupt = |text: &str, e: E| StoreError::Corrupt { table, column: name, detail: format!("{text:?}: {e}") };
    text.map(|text| parse(&text).map_err(|e| corrupt(&text, e))).transpose()
}

/// The column as JSON text, deserialised (attributes, survey definitions).
pub fn json<'r, R, T>(row: &'r R, table: &'static str, name: &'static str) -> StoreResult<T>
where
    R: Row,
    T: serde::de::DeserializeOwned,
    String: Decode<'r, R::Database> + Type<R::Database>,
    &'static str: ColumnIndex<R>,
{
    let text: String = column(row, table, name)?;
    serde_json::from_str(&text).map_err(|e| StoreError::Corrupt { table, column: name, detail: e.to_string() })
}
