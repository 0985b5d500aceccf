//! Reading comments: how they feel (`sentiment`), what they are about
//! (`themes`) and why scores differ (`why`: the NPS impact of each theme,
//! emerging themes, the terms that separate two groups of comments). Pure
//! functions over text and counts, so the "why" behind a score can be
//! tested without a database.
pub mod sentiment;
pub mod themes;
pub mod why;
