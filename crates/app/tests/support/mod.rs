//! Helpers shared by the app's integration tests.

pub mod smtp_sink;
