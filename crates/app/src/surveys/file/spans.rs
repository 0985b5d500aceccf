//! Finding where a key path is written in a TOML document, and which key
//! path a byte offset falls in. Serde only reports a byte offset (and our
//! validation only a key path), but a person fixing a file wants both the
//! line and the key, so we keep a spanned parse of the document beside the
//! typed one.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// A parsed document that can answer "where is this key?" and "what key is here?".
pub(crate) struct DocumentSpans<'i> {
    text: &'i str,
    root: Option<Spanned<DeTable<'i>>>,
}

/// One step of a key path: `texts`, or an index as in `questions[1]`.
#[derive(Debug, PartialEq)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

impl<'i> DocumentSpans<'i> {
    /// A document that does not parse still gives lines for offsets.
    pub(crate) fn parse(text: &'i str) -> Self {
        DocumentSpans { text, root: DeTable::parse(text).ok() }
    }

    /// The 1-based line holding byte `offset`.
    pub(crate) fn line_at(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        1 + self.text.as_bytes()[..offset].iter().filter(|&&b| b == b'\n').count()
    }

    /// The line of `path` (`texts.fr.why`, `questions[1].id`), or of its
    /// deepest ancestor written in the file when the key itself is absent
    /// (a missing label is reported where its table is).
    pub(crate) fn line_of(&self, path: &str) -> usize {
        let Some(root) = &self.root else { return 1 };
        let mut table = root.get_ref();
        let mut value: Option<&Spanned<DeValue<'i>>> = None;
        let mut best = None;
        for step in steps(path) {
            let next = match (step, value.map(Spanned::get_ref)) {
                (Step::Key(name), _) => {
                    if let Some(DeValue::Table(inner)) = value.map(Spanned::get_ref) {
                        table = inner;
                    } else if value.is_some() {
                        break;
                    }
                    table.get_key_value(name).map(|(key, found)| {
                        best = Some(key.span().start);
                        found
                    })
                }
                (Step::Index(index), Some(DeValue::Array(items))) => items.get(index).inspect(|item| {
                    best = Some(item.span().start);
                }),
                (Step::Index(_), _) => None,
            };
            match next {
                Some(found) => value = Some(found),
                None => break,
            }
        }
        best.map_or(1, |offset| self.line_at(offset))
    }

    /// The key path of the key or value containing `offset`, e.g.
    /// `brand.colour` for an error reported inside that value.
    pub(crate) fn path_at(&self, offset: usize) -> String {
        self.root.as_ref().and_then(|root| search_table(root.get_ref(), "", offset)).unwrap_or_default()
    }
}

/// Tables written as `[headers]` span only their header, so every entry is
/// searched rather than only those whose table span holds the offset.
fn search_table(table: &DeTable<'_>, prefix: &str, offset: usize) -> Option<String> {
    table.iter().find_map(|(key, value)| {
        let path = if prefix.is_empty() { key.get_ref().to_string() } else { format!("{prefix}.{}", key.get_ref()) };
        if contains(&key.span(), offset) {
            return Some(path);
        }
        search_value(value, path, offset)
    })
}

fn search_value(value: &Spanned<DeValue<'_>>, path: String, offset: usize) -> Option<String> {
    let inner = match value.get_ref() {
        DeValue::Table(table) => search_table(table, &path, offset),
        DeValue::Array(items) => {
            items.iter().enumerate().find_map(|(index, item)| search_value(item, format!("{path}[{index}]"), offset))
        }
        _ => None,
    };
    inner.or_else(|| contains(&value.span(), offset).then_some(path))
}

fn contains(span: &Range<usize>, offset: usize) -> bool {
    span.start <= offset && (offset < span.end || span.is_empty() && offset == span.start)
}

/// `questions[1].kind` → `questions`, `[1]`, `kind`.
fn steps(path: &str) -> Vec<Step<'_>> {
    let mut steps = Vec::new();
    for part in path.split('.') {
        let (name, mut rest) = part.split_once('[').map_or((part, ""), |(name, rest)| (name, rest));
        steps.push(Step::Key(name));
        while let Some((index, after)) = rest.split_once(']') {
            if let Ok(index) = index.parse() {
                steps.push(Step::Index(index));
            }
            rest = after.trim_start_matches('[');
        }
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "slug = \"x\"\n\n[brand]\ncolour = \"red\"\n\n[[questions]]\nid = \"a\"\n\n[[questions]]\nid = \"b\"\noptions = [\"p\", \"q\"]\n\n[texts.fr]\nwhy = \"\"\n";

    #[test]
    fn key_paths_are_split_into_names_and_indexes() {
        assert_eq!(steps("questions[1].id"), vec![Step::Key("questions"), Step::Index(1), Step::Key("id")]);
        assert_eq!(steps("texts.pt-BR.why"), vec![Step::Key("texts"), Step::Key("pt-BR"), Step::Key("why")]);
    }

    #[test]
    fn a_key_path_is_found_on_its_line() {
        let spans = DocumentSpans::parse(DOC);
        assert_eq!(spans.line_of("slug"), 1);
        assert_eq!(spans.line_of("brand.colour"), 4);
        assert_eq!(spans.line_of("questions[1].id"), 10);
        assert_eq!(spans.line_of("questions[1].options[1]"), 11);
        assert_eq!(spans.line_of("texts.fr.why"), 14);
        assert_eq!(spans.line_of("texts.fr.questions.reason"), 13, "falls back to the nearest written ancestor");
    }

    #[test]
    fn an_offset_is_named_by_its_key_path() {
        let spans = DocumentSpans::parse(DOC);
        let at = |needle: &str| spans.path_at(DOC.find(needle).unwrap());
        assert_eq!(at("\"red\""), "brand.colour");
        assert_eq!(at("\"b\""), "questions[1].id");
        assert_eq!(at("\"q\""), "questions[1].options[1]");
        assert_eq!(at("why"), "texts.fr.why");
    }
}
