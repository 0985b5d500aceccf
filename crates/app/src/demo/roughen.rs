//! Makes an English comment look typed by a person: the occasional typo or
//! misspelling, texting-style lower case without a full stop, an emoji, an
//! angry capitalised or "!!!" detractor. Text analysis has to cope with all
//! of these in real feedback, so the demo has them too.

use rand::Rng;
use rand::seq::IndexedRandom;
use vocal_domain::Category;

use super::phrases::{Corpus, band_index};
use super::touchpoints::Channel;

const TYPO_SHARE: f64 = 0.06;
const EMOJI_SHARE: f64 = 0.025;

/// Frequent real-world misspellings; the first one found in a comment is used.
const MISSPELLINGS: [(&str, &str); 14] = [
    ("definitely", "definately"),
    ("don't", "dont"),
    ("can't", "cant"),
    ("didn't", "didnt"),
    ("I'm", "im"),
    ("wasn't", "wasnt"),
    ("really", "realy"),
    ("service", "serivce"),
    ("because", "becuase"),
    ("appointment", "appointmnet"),
    ("technician", "technitian"),
    ("waiting", "wating"),
    ("received", "recieved"),
    ("their", "there"),
];

pub fn roughen(comment: &mut String, band: Category, channel: Channel, corpus: &Corpus, rng: &mut impl Rng) {
    // Phones and chat windows invite casual typing.
    let casual = matches!(channel, Channel::Sms | Channel::Chat);
    if rng.random::<f64>() < TYPO_SHARE * if casual { 1.5 } else { 1.0 } {
        if rng.random::<bool>() {
            misspell(comment);
        } else {
            slip_of_the_finger(comment, rng);
        }
    }
    if rng.random::<f64>() < if casual { 0.15 } else { 0.04 } {
        comment.make_ascii_lowercase();
        while comment.ends_with(['.', '!']) {
            comment.pop();
        }
    }
    if band == Category::Detractor {
        let roll = rng.random::<f64>();
        if roll < 0.015 && comment.len() < 80 {
            comment.make_ascii_uppercase();
        } else if roll < 0.05 && comment.ends_with('.') {
            comment.pop();
            comment.push_str("!!!");
        }
    }
    if rng.random::<f64>() < EMOJI_SHARE * if casual { 2.0 } else { 1.0 }
        && let Some(emoji) = corpus.emoji[band_index(band)].choose(rng)
    {
        comment.push(' ');
        comment.push_str(emoji);
    }
}

fn misspell(comment: &mut String) {
    if let Some((at, from, to)) =
        MISSPELLINGS.iter().find_map(|&(from, to)| comment.find(from).map(|at| (at, from, to)))
    {
        comment.replace_range(at..at + from.len(), to);
    }
}

/// Swaps two adjacent letters inside a word of four letters or more, or
/// drops one: "recieve", "appointent".
fn slip_of_the_finger(comment: &mut String, rng: &mut impl Rng) {
    let bytes = comment.as_bytes();
    if bytes.len() < 4 {
        return;
    }
    for _ in 0..4 {
        let at = rng.random_range(1..bytes.len() - 2);
        let inside_word = bytes[at - 1..=at + 2].iter().all(u8::is_ascii_lowercase);
        if inside_word {
            if rng.random::<bool>() {
                let (a, b) = (bytes[at], bytes[at + 1]);
                let swapped = [b, a];
                let swapped = std::str::from_utf8(&swapped).expect("ASCII letters");
                comment.replace_range(at..at + 2, swapped);
            } else {
                comment.remove(at);
            }
            return;
        }
    }
}
