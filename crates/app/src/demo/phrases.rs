//! The comment corpus, kept as plain text in `phrases.txt` so it can grow
//! without touching code, and parsed into typed lists here. The text is part
//! of the binary, so a malformed corpus is a bug caught by the tests, not an
//! input error.

use std::collections::HashMap;

use vocal_domain::Category;

use super::customers::Language;
use super::themes::{THEME_COUNT, Theme};

/// Kinds of interaction, as a set of bits: where a phrase makes sense, and
/// which kinds a touchpoint involves. It keeps "the technician was late" out
/// of comments about a phone call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Contexts(u8);

impl Contexts {
    /// On a phrase: it fits anywhere. For a touchpoint: only such phrases fit.
    pub const EMPTY: Contexts = Contexts(0);
    pub const CALL: Contexts = Contexts(1);
    pub const CHAT: Contexts = Contexts(1 << 1);
    /// A technician at the customer's home or office.
    pub const VISIT: Contexts = Contexts(1 << 2);
    pub const STORE: Contexts = Contexts(1 << 3);
    pub const DELIVERY: Contexts = Contexts(1 << 4);

    pub const fn union(self, other: Contexts) -> Contexts {
        Contexts(self.0 | other.0)
    }

    /// Whether a phrase tagged `self` suits an interaction in `situation`.
    pub fn suit(self, situation: Contexts) -> bool {
        self == Contexts::EMPTY || self.0 & situation.0 != 0
    }

    fn parse(name: &str) -> Option<Contexts> {
        Some(match name.trim() {
            "call" => Contexts::CALL,
            "chat" => Contexts::CHAT,
            "visit" => Contexts::VISIT,
            "store" => Contexts::STORE,
            "delivery" => Contexts::DELIVERY,
            _ => return None,
        })
    }
}

/// One line of the corpus.
#[derive(Debug, Clone, Copy)]
pub struct Phrase {
    pub text: &'static str,
    pub contexts: Contexts,
}

/// Phrases about one theme.
#[derive(Debug)]
pub struct ThemePhrases {
    pub negative: Vec<Phrase>,
    pub mild: Vec<Phrase>,
    pub positive: Vec<Phrase>,
    pub negative_clauses: Vec<Phrase>,
    pub positive_clauses: Vec<Phrase>,
}

/// Values for the `{slot}`s in phrases.
#[derive(Debug)]
pub struct Slots {
    pub wait: Vec<&'static str>,
    pub days: Vec<&'static str>,
    pub amount: Vec<&'static str>,
    pub device: Vec<&'static str>,
    pub times: Vec<&'static str>,
    pub nth: Vec<&'static str>,
}

#[derive(Debug)]
pub struct Corpus {
    /// By [`Theme::index`].
    pub themes: Vec<ThemePhrases>,
    /// Stand-alone short comments, by [`band_index`].
    short: [Vec<Phrase>; 3],
    /// Sentences that end a comment, by [`band_index`].
    closers: [Vec<Phrase>; 3],
    pub emoji: [Vec<&'static str>; 3],
    pub detractor_openers: Vec<Phrase>,
    pub promoter_openers: Vec<Phrase>,
    /// Praise naming the agent.
    pub agent_praise: Vec<Phrase>,
    /// Promoters' mixed comments: a hiccup, then what made it right.
    pub recoveries: Vec<Phrase>,
    /// By language (French, German, Spanish, Japanese), then band.
    foreign: [[Vec<Phrase>; 3]; 4],
    pub slots: Slots,
}

pub fn band_index(band: Category) -> usize {
    match band {
        Category::Detractor => 0,
        Category::Passive => 1,
        Category::Promoter => 2,
    }
}

const FOREIGN: [Language; 4] = [Language::Fr, Language::De, Language::Es, Language::Ja];

impl Corpus {
    /// The corpus shipped with the binary.
    pub fn bundled() -> Corpus {
        Corpus::parse(include_str!("phrases.txt")).expect("the bundled phrases.txt is well formed")
    }

    pub fn parse(text: &'static str) -> Result<Corpus, String> {
        let mut sections = Sections::read(text)?;
        let mut themes = Vec::with_capacity(THEME_COUNT);
        for theme in Theme::ALL {
            let key = theme.corpus_key();
            themes.push(ThemePhrases {
                negative: sections.take(&format!("{key}.neg"))?,
                mild: sections.take(&format!("{key}.mild"))?,
                positive: sections.take(&format!("{key}.pos"))?,
                negative_clauses: sections.take(&format!("{key}.neg_clause"))?,
                positive_clauses: sections.take(&format!("{key}.pos_clause"))?,
            });
        }
        let short = sections.per_band("short")?;
        let closers = sections.per_band("closer")?;
        let emoji = [
            sections.take_plain("emoji.detractor")?,
            sections.take_plain("emoji.passive")?,
            sections.take_plain("emoji.promoter")?,
        ];
        let foreign =
            [sections.per_band("fr")?, sections.per_band("de")?, sections.per_band("es")?, sections.per_band("ja")?];
        let corpus = Corpus {
            themes,
            short,
            closers,
            emoji,
            foreign,
            detractor_openers: sections.take("opener.detractor")?,
            promoter_openers: sections.take("opener.promoter")?,
            agent_praise: sections.take("agent.promoter")?,
            recoveries: sections.take("recovery.promoter")?,
            slots: Slots {
                wait: sections.take_plain("slot.wait")?,
                days: sections.take_plain("slot.days")?,
                amount: sections.take_plain("slot.amount")?,
                device: sections.take_plain("slot.device")?,
                times: sections.take_plain("slot.times")?,
                nth: sections.take_plain("slot.nth")?,
            },
        };
        sections.finish()?;
        Ok(corpus)
    }

    pub fn short(&self, band: Category) -> &[Phrase] {
        &self.short[band_index(band)]
    }

    pub fn closers(&self, band: Category) -> &[Phrase] {
        &self.closers[band_index(band)]
    }

    pub fn theme(&self, theme: Theme) -> &ThemePhrases {
        &self.themes[theme.index()]
    }

    /// Comments written in `language`, when the corpus has that language.
    pub fn foreign(&self, language: Language, band: Category) -> Option<&[Phrase]> {
        let position = FOREIGN.iter().position(|&l| l == language)?;
        Some(&self.foreign[position][band_index(band)])
    }
}

impl Slots {
    pub fn values(&self, name: &str) -> Option<&[&'static str]> {
        Some(match name {
            "wait" => &self.wait,
            "days" => &self.days,
            "amount" => &self.amount,
            "device" => &self.device,
            "times" => &self.times,
            "nth" => &self.nth,
            _ => return None,
        })
    }
}

impl Phrase {
    /// `(call,chat) The text` or just `The text`.
    fn parse(line: &'static str) -> Result<Phrase, String> {
        let Some(tagged) = line.strip_prefix('(') else {
            return Ok(Phrase { text: line, contexts: Contexts::EMPTY });
        };
        let (names, text) = tagged.split_once(')').ok_or("an unclosed ( before the phrase")?;
        let mut contexts = Contexts::EMPTY;
        for name in names.split(',') {
            contexts = contexts.union(Contexts::parse(name).ok_or_else(|| format!("unknown context {name:?}"))?);
        }
        Ok(Phrase { text: text.trim_start(), contexts })
    }
}

/// The raw `[section]` → lines map, consumed section by section so that a
/// misspelt or forgotten section is reported.
struct Sections(HashMap<&'static str, Vec<Phrase>>);

impl Sections {
    fn read(text: &'static str) -> Result<Self, String> {
        let mut sections: HashMap<&'static str, Vec<Phrase>> = HashMap::new();
        let mut current: Option<&'static str> = None;
        for (number, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                if sections.insert(name, Vec::new()).is_some() {
                    return Err(format!("line {}: section [{name}] appears twice", number + 1));
                }
                current = Some(name);
            } else {
                let name = current.ok_or_else(|| format!("line {}: a phrase before any [section]", number + 1))?;
                let phrase = Phrase::parse(line).map_err(|e| format!("line {}: {e}", number + 1))?;
                sections.get_mut(name).expect("the current section exists").push(phrase);
            }
        }
        Ok(Sections(sections))
    }

    fn take(&mut self, name: &str) -> Result<Vec<Phrase>, String> {
        match self.0.remove(name) {
            Some(lines) if !lines.is_empty() => Ok(lines),
            Some(_) => Err(format!("section [{name}] is empty")),
            None => Err(format!("section [{name}] is missing")),
        }
    }

    /// The `prefix.detractor`, `prefix.passive` and `prefix.promoter` sections.
    fn per_band(&mut self, prefix: &str) -> Result<[Vec<Phrase>; 3], String> {
        Ok([
            self.take(&format!("{prefix}.detractor"))?,
            self.take(&format!("{prefix}.passive"))?,
            self.take(&format!("{prefix}.promoter"))?,
        ])
    }

    /// A section of bare values, such as slot fillers, which take no contexts.
    fn take_plain(&mut self, name: &str) -> Result<Vec<&'static str>, String> {
        let phrases = self.take(name)?;
        if phrases.iter().any(|p| p.contexts != Contexts::EMPTY) {
            return Err(format!("section [{name}] takes no (contexts)"));
        }
        Ok(phrases.into_iter().map(|p| p.text).collect())
    }

    fn finish(self) -> Result<(), String> {
        let mut unknown: Vec<&str> = self.0.into_keys().collect();
        unknown.sort_unstable();
        match unknown.first() {
            None => Ok(()),
            Some(_) => Err(format!("unknown sections: {}", unknown.join(", "))),
        }
    }
}
