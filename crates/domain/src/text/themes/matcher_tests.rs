//! The matching rules on a small taxonomy written for the test.
