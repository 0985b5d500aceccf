//! Agent coaching figures (being built).
