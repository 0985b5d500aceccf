//! Writes one comment from the corpus. A comment is assembled from parts —
//! an opener, one or two sentences about the response's themes, praise for
//! the agent by name, a closer, or a "good, but bad" pair of clauses — so a
//! few hundred phrases give tens of thousands of distinct comments whose
//! words still follow the band, the themes and the agent of the response.

use rand::Rng;
use rand::seq::IndexedRandom;
use vocal_domain::Category;

use super::customers::Language;
use super::phrases::{Contexts, Corpus, Phrase};
use super::roughen::roughen;
use super::sampling::pick_weighted;
use super::themes::{Theme, ThemeWeights};
use super::touchpoints::Channel;

/// What a comment may talk about.
pub struct CommentContext<'a> {
    pub band: Category,
    pub language: Language,
    /// The agent's first name, when the response has an agent.
    pub agent: Option<&'static str>,
    /// Stands in for `{agent}` when there is none ("the technician").
    pub role_noun: &'static str,
    /// What kind of interaction it was, so phrases fit it.
    pub contexts: Contexts,
    pub currency: &'static str,
    pub channel: Channel,
    pub themes: &'a ThemeWeights,
}

/// Customers with another language than English write in it this often.
const NATIVE_LANGUAGE_SHARE: f64 = 0.8;
/// Joins the halves of a mixed comment; plain "but" is listed twice, as
/// people use it most.
const CONNECTORS: [&str; 5] = [", but ", " but ", ", although ", ", though ", " but "];

pub fn write_comment(corpus: &Corpus, context: &CommentContext, rng: &mut impl Rng) -> String {
    let mut writer = Writer { corpus, context, out: String::with_capacity(160) };
    if context.language != Language::En
        && rng.random::<f64>() < NATIVE_LANGUAGE_SHARE
        && let Some(phrases) = corpus.foreign(context.language, context.band)
    {
        writer.sentence(writer.choose(phrases, rng), rng);
    } else {
        match context.band {
            Category::Detractor => writer.detractor(rng),
            Category::Passive => writer.passive(rng),
            Category::Promoter => writer.promoter(rng),
        }
        roughen(&mut writer.out, context.band, context.channel, corpus, rng);
    }
    // Most comments are short; 120,000 of them should not keep the slack.
    writer.out.shrink_to_fit();
    writer.out
}

struct Writer<'a> {
    corpus: &'a Corpus,
    context: &'a CommentContext<'a>,
    out: String,
}

impl Writer<'_> {
    /// A sixth write a few words; some weigh a good part against the bad;
    /// most write one or two sentences of complaint, sometimes framed by an
    /// opener ("Where do I start.") and a closer ("I will be cancelling.").
    fn detractor(&mut self, rng: &mut impl Rng) {
        let corpus = self.corpus;
        let theme = self.theme(rng);
        let roll = rng.random::<f64>();
        if roll < 0.16 {
            self.sentence(self.choose(corpus.short(Category::Detractor), rng), rng);
        } else if roll < 0.30 {
            let good = self.other_theme(theme, rng);
            self.mixed(&corpus.theme(good).positive_clauses, &corpus.theme(theme).negative_clauses, rng);
            self.maybe(0.3, corpus.closers(Category::Detractor), rng);
        } else {
            self.maybe(0.22, &corpus.detractor_openers, rng);
            let phrases = &corpus.theme(theme).negative;
            let first = self.choose(phrases, rng);
            self.sentence(first, rng);
            let roll = rng.random::<f64>();
            if roll < 0.30 {
                self.another(phrases, first, rng);
            } else if roll < 0.45 {
                let second = self.other_theme(theme, rng);
                let phrases = &corpus.theme(second).negative;
                self.sentence(self.choose(phrases, rng), rng);
            }
            self.maybe(0.35, corpus.closers(Category::Detractor), rng);
        }
    }

    /// Passives are "fine, but": a quarter a few words, a third a mixed
    /// comment, the rest a mild complaint or suggestion.
    fn passive(&mut self, rng: &mut impl Rng) {
        let corpus = self.corpus;
        let theme = self.theme(rng);
        let roll = rng.random::<f64>();
        if roll < 0.25 {
            self.sentence(self.choose(corpus.short(Category::Passive), rng), rng);
        } else if roll < 0.60 {
            let good = self.other_theme(theme, rng);
            self.mixed(&corpus.theme(good).positive_clauses, &corpus.theme(theme).negative_clauses, rng);
        } else {
            let first = self.choose(&corpus.theme(theme).mild, rng);
            self.sentence(first, rng);
            if rng.random::<f64>() < 0.2 {
                let second = self.other_theme(theme, rng);
                self.sentence(self.choose(&corpus.theme(second).mild, rng), rng);
            }
            self.maybe(0.3, corpus.closers(Category::Passive), rng);
        }
    }

    /// A quarter write a few words; a few praise how a problem was put
    /// right; the rest praise a theme, often naming the agent.
    fn promoter(&mut self, rng: &mut impl Rng) {
        let corpus = self.corpus;
        let theme = self.theme(rng);
        let roll = rng.random::<f64>();
        if roll < 0.25 {
            self.sentence(self.choose(corpus.short(Category::Promoter), rng), rng);
            if self.context.agent.is_some() && rng.random::<f64>() < 0.2 {
                self.sentence(self.choose(&corpus.agent_praise, rng), rng);
            }
        } else if roll < 0.32 {
            self.sentence(self.choose(&corpus.recoveries, rng), rng);
        } else {
            self.maybe(0.15, &corpus.promoter_openers, rng);
            let phrases = &corpus.theme(theme).positive;
            let first = self.choose(phrases, rng);
            self.sentence(first, rng);
            if self.context.agent.is_some() && !first.contains("{agent}") && rng.random::<f64>() < 0.45 {
                self.sentence(self.choose(&corpus.agent_praise, rng), rng);
            }
            if rng.random::<f64>() < 0.25 {
                let second = self.other_theme(theme, rng);
                self.sentence(self.choose(&corpus.theme(second).positive, rng), rng);
            }
            self.maybe(0.35, corpus.closers(Category::Promoter), rng);
        }
    }

    fn theme(&self, rng: &mut impl Rng) -> Theme {
        Theme::ALL[pick_weighted(rng, self.context.themes)]
    }

    /// A second theme for the other half of a comment; a few draws usually
    /// find one different from `theme`.
    fn other_theme(&self, theme: Theme, rng: &mut impl Rng) -> Theme {
        for _ in 0..4 {
            let other = self.theme(rng);
            if other != theme {
                return other;
            }
        }
        if theme == Theme::Empathy { Theme::AgentKnowledge } else { Theme::Empathy }
    }

    /// A phrase that suits the interaction, preferring one without
    /// `{agent}` when there is no agent, so that "the agent" does not stand in
    /// for a courier too often. Random draws find one nearly always; a scan
    /// settles the rare list where none of them did.
    fn choose(&self, phrases: &[Phrase], rng: &mut impl Rng) -> &'static str {
        let suits = |phrase: &Phrase| phrase.contexts.suit(self.context.contexts);
        let names_nobody = |phrase: &Phrase| self.context.agent.is_some() || !phrase.text.contains("{agent}");
        for _ in 0..12 {
            match phrases.choose(rng) {
                Some(phrase) if suits(phrase) && names_nobody(phrase) => return phrase.text,
                Some(_) => {}
                None => return "",
            }
        }
        let start = rng.random_range(0..phrases.len());
        let rotated = || phrases[start..].iter().chain(&phrases[..start]);
        rotated().find(|p| suits(p)).unwrap_or(&phrases[start]).text
    }

    /// A second sentence from the same list, skipped when the draw repeats the first.
    fn another(&mut self, phrases: &[Phrase], first: &str, rng: &mut impl Rng) {
        let second = self.choose(phrases, rng);
        if second != first {
            self.sentence(second, rng);
        }
    }

    fn maybe(&mut self, probability: f64, phrases: &[Phrase], rng: &mut impl Rng) {
        if rng.random::<f64>() < probability {
            self.sentence(self.choose(phrases, rng), rng);
        }
    }

    /// "Good thing, but bad thing." from two clause lists.
    fn mixed(&mut self, good: &[Phrase], bad: &[Phrase], rng: &mut impl Rng) {
        self.separate();
        let start = self.out.len();
        self.render(self.choose(good, rng), rng);
        capitalise_from(&mut self.out, start);
        self.out.push_str(pick(&CONNECTORS, rng));
        self.render(self.choose(bad, rng), rng);
        self.out.push('.');
    }

    fn sentence(&mut self, template: &str, rng: &mut impl Rng) {
        self.separate();
        let start = self.out.len();
        self.render(template, rng);
        capitalise_from(&mut self.out, start);
    }

    fn separate(&mut self) {
        if !self.out.is_empty() {
            self.out.push(' ');
        }
    }

    /// Appends `template` with its `{slot}`s filled.
    fn render(&mut self, template: &str, rng: &mut impl Rng) {
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                break;
            };
            self.out.push_str(&rest[..open]);
            match &rest[open + 1..close] {
                "agent" => self.out.push_str(self.context.agent.unwrap_or(self.context.role_noun)),
                "amount" => {
                    self.out.push_str(self.context.currency);
                    self.out.push_str(pick(&self.corpus.slots.amount, rng));
                }
                name => match self.corpus.slots.values(name) {
                    Some(values) => self.out.push_str(pick(values, rng)),
                    None => self.out.push_str(&rest[open..=close]),
                },
            }
            rest = &rest[close + 1..];
        }
        self.out.push_str(rest);
    }
}

fn pick<'p>(phrases: &[&'p str], rng: &mut impl Rng) -> &'p str {
    phrases.choose(rng).copied().unwrap_or_default()
}

/// Upper-cases the first letter appended at `start` ("the agent was…" at the
/// start of a sentence).
fn capitalise_from(out: &mut str, start: usize) {
    if out[start..].starts_with(|c: char| c.is_ascii_lowercase()) {
        out[start..start + 1].make_ascii_uppercase();
    }
}
