//! Reading comments: how they feel (`sentiment`) and what they are about
//! (`themes`). Pure functions over text, so the "why" behind a score can be
//! tested without a database.
pub mod sentiment;
pub mod themes;
