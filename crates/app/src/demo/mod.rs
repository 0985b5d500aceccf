//! Realistic demo data (being written).
