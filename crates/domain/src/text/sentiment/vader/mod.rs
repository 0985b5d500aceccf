//! VADER (Hutto & Gilbert, 2014), English: a lexicon of rated words and
//! emoticons, and rules for what changes a word's weight in context. A port
//! of the reference implementation, vaderSentiment 3.3.2, whose data files
//! it embeds (MIT; see `../data/LICENSE`) and which it is tested against.

mod lexicon;
mod rules;
mod scoring;
mod tokens;
mod words;

use lexicon::Lexicon;
use tokens::{Tokens, describe_emoji, is_space};

use super::Sentiment;

/// The reference's `polarity_scores`.
pub(super) fn polarity_scores(text: &str) -> Sentiment {
    let lexicon = Lexicon::english();
    let described = describe_emoji(text, lexicon);
    let text = described.trim_matches(is_space);
    let tokens = Tokens::new(text, lexicon);
    let valences = rules::token_valences(&tokens);
    scoring::combine(&valences, text)
}
