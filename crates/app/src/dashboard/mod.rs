//! The dashboard's figures (being built).
