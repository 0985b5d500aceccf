//! Themes of a comment, matched from an organisation's taxonomy; filled in by the themes work.
