//! CSV import parsing (being written).
