//! What a customer sees when they open a survey: the form, the thank-you
//! page, the notices, and the 0–10 block pasted into invitation emails, as
//! pure functions from view models to HTML.
//!
//! Every page is one self-contained document (inline style, a script under
//! 2 KB, the logo as a `data:` URI, no fonts or other requests) that works
//! without JavaScript, stays under 30 KB, and is in the survey's language
//! with built-in wording for English, French, German, Spanish and Japanese
//! (English otherwise). Everything people typed is escaped by the templates.

mod assets;
mod chrome;
mod email;
mod form;
mod language;
mod pages;
mod theme;

#[cfg(test)]
mod tests;

pub use chrome::error_text;
pub use email::render_email_block;
pub use form::{FORM_ERROR_KEY, MAX_COMMENT_CHARS, SurveyForm, render_form};
pub use language::pick_language;
pub use pages::{Notice, render_branded_notice, render_failure_notice, render_notice, render_thank_you};
