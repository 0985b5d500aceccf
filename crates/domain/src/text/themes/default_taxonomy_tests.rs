//! The default taxonomy on realistic comments.
