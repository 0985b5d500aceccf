//! Sentiment of a comment (a port of VADER); filled in by the sentiment work.
