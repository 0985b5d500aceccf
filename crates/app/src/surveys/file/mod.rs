//! The survey file people write and `vocal survey apply` reads
//! (docs/surveys.md). It is the stored JSON shape made friendlier to type:
//! the logo is a path next to the file rather than base64, and a question's
//! kind sits beside its options instead of in a nested table. Every problem
//! — syntax, unknown keys, broken rules — is reported with its key path and
//! line, so a file can be fixed in one pass.

pub(crate) mod spans;

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use base64::Engine;
use serde::Deserialize;
use vocal_domain::survey::{
    Brand, ExtraQuestion, Logo, MAX_LOGO_BYTES, PublicLink, QuestionKind, SurveyDefinition, SurveyTexts,
    default_edit_window_hours,
};

use spans::DocumentSpans;

/// One problem in a survey file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyFileError {
    /// 1-based.
    pub line: usize,
    /// The key path as written in the file (`texts.fr.why`, `questions[1].options`);
    /// empty for a syntax error outside any key.
    pub key: String,
    pub message: String,
}

impl fmt::Display for SurveyFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.key.is_empty() {
            write!(f, "line {}: {}", self.line, self.message)
        } else {
            write!(f, "line {}: {}: {}", self.line, self.key, self.message)
        }
    }
}

/// Reads a survey file, loading its logo from a path relative to `base_dir`.
pub fn parse_survey_file(text: &str, base_dir: &Path) -> Result<SurveyDefinition, Vec<SurveyFileError>> {
    parse_survey_text(text, |name| read_logo(&base_dir.join(name)))
}

/// Reads a survey file whose logo bytes come from `load_logo` (the demo
/// embeds its logo in the binary rather than reading the disk).
pub fn parse_survey_text(
    text: &str,
    load_logo: impl Fn(&str) -> Result<Vec<u8>, String>,
) -> Result<SurveyDefinition, Vec<SurveyFileError>> {
    let spans = DocumentSpans::parse(text);
    let at = |key: String, message: String| SurveyFileError { line: spans.line_of(&key), key, message };
    let file: SurveyFile = toml::from_str(text).map_err(|error| {
        let offset = error.span().map_or(0, |span| span.start);
        let message = error.message().trim().to_string();
        vec![SurveyFileError { line: spans.line_at(offset), key: spans.path_at(offset), message }]
    })?;
    let mut problems = Vec::new();
    let definition = file.into_definition(&load_logo, &mut |key, message| problems.push(at(key, message)));
    if let Err(errors) = definition.validate() {
        // A key the file step already refused (a choice without options)
        // is not reported twice.
        for error in errors {
            let key = file_key(&error.key);
            if !problems.iter().any(|p: &SurveyFileError| p.key == key) {
                problems.push(at(key, error.message));
            }
        }
    }
    if problems.is_empty() {
        Ok(definition)
    } else {
        problems.sort_by_key(|p| p.line);
        Err(problems)
    }
}

/// The stored shape's key path as it is written in a file.
fn file_key(key: &str) -> String {
    if key.starts_with("brand.logo") {
        return "brand.logo".into();
    }
    if let Some(rest) = key.strip_prefix("questions[")
        && let Some((index, tail)) = rest.split_once("].kind.")
    {
        return format!("questions[{index}].{tail}");
    }
    key.to_string()
}

/// The image type is taken from the extension, as a web server would.
fn content_type(path: &str) -> Option<&'static str> {
    let extension = Path::new(path).extension()?.to_str()?.to_ascii_lowercase();
    match extension.as_str() {
        "svg" => Some("image/svg+xml"),
        "png" => Some("image/png"),
        "jpg" | "jpeg" => Some("image/jpeg"),
        "webp" => Some("image/webp"),
        _ => None,
    }
}

/// Checks the size before reading, so a wrong path to a huge file fails fast.
fn read_logo(path: &Path) -> Result<Vec<u8>, String> {
    let size = std::fs::metadata(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?.len();
    if size > MAX_LOGO_BYTES as u64 {
        return Err(format!("{} is {size} bytes; at most {MAX_LOGO_BYTES} fit on the page", path.display()));
    }
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SurveyFile {
    slug: String,
    name: String,
    /// Optional when `texts` has one language: that one.
    #[serde(default)]
    default_language: Option<String>,
    #[serde(default = "default_edit_window_hours")]
    edit_window_hours: u32,
    #[serde(default)]
    redirect_url: Option<String>,
    #[serde(default)]
    redirect_hosts: Vec<String>,
    /// Optional: a first survey needs only a slug, a name and its texts.
    #[serde(default)]
    brand: FileBrand,
    #[serde(default)]
    public_link: PublicLink,
    #[serde(default)]
    questions: Vec<FileQuestion>,
    texts: BTreeMap<String, SurveyTexts>,
}

pub use vocal_domain::survey::DEFAULT_COLOUR;

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileBrand {
    /// The survey's name when not given.
    #[serde(default)]
    organisation: Option<String>,
    /// [`DEFAULT_COLOUR`] when not given.
    #[serde(default)]
    colour: Option<String>,
    /// A path relative to the survey file.
    #[serde(default)]
    logo: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileQuestion {
    id: String,
    kind: FileQuestionKind,
    #[serde(default)]
    required: bool,
    #[serde(default)]
    options: Option<Vec<String>>,
    #[serde(default)]
    max_length: Option<u32>,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum FileQuestionKind {
    Choice,
    Text,
}

impl SurveyFile {
    /// The stored shape; problems only a file can have go to `problem`
    /// (key path, message), the rest are left to `validate`.
    fn into_definition(
        self,
        load_logo: &impl Fn(&str) -> Result<Vec<u8>, String>,
        problem: &mut impl FnMut(String, String),
    ) -> SurveyDefinition {
        let logo = self.brand.logo.and_then(|name| match (content_type(&name), load_logo(&name)) {
            (None, _) => {
                problem("brand.logo".into(), "must be an .svg, .png, .jpg or .webp file".into());
                None
            }
            (_, Err(message)) => {
                problem("brand.logo".into(), message);
                None
            }
            (Some(content_type), Ok(bytes)) => Some(Logo {
                content_type: content_type.into(),
                base64: base64::engine::general_purpose::STANDARD.encode(bytes),
            }),
        });
        let questions =
            self.questions.into_iter().enumerate().map(|(index, q)| q.into_question(index, problem)).collect();
        let only_language = || (self.texts.len() == 1).then(|| self.texts.keys().next().cloned()).flatten();
        let default_language = self.default_language.clone().or_else(only_language).unwrap_or_else(|| {
            if self.texts.len() > 1 {
                problem("default_language".into(), "is needed when texts has more than one language".into());
            }
            String::new()
        });
        let organisation = self.brand.organisation.unwrap_or_else(|| self.name.clone());
        let colour = self.brand.colour.unwrap_or_else(|| DEFAULT_COLOUR.into());
        SurveyDefinition {
            slug: self.slug,
            name: self.name,
            default_language,
            edit_window_hours: self.edit_window_hours,
            redirect_url: self.redirect_url,
            redirect_hosts: self.redirect_hosts,
            brand: Brand { organisation, colour, logo },
            public_link: self.public_link,
            questions,
            texts: self.texts,
        }
    }
}

impl FileQuestion {
    fn into_question(self, index: usize, problem: &mut impl FnMut(String, String)) -> ExtraQuestion {
        let key = format!("questions[{index}]");
        let kind = match self.kind {
            FileQuestionKind::Choice => {
                if self.max_length.is_some() {
                    problem(format!("{key}.max_length"), "only text questions have a max_length".into());
                }
                if self.options.is_none() {
                    problem(format!("{key}.options"), "a choice question lists its option ids".into());
                }
                QuestionKind::Choice { options: self.options.unwrap_or_default() }
            }
            FileQuestionKind::Text => {
                if self.options.is_some() {
                    problem(format!("{key}.options"), "only choice questions have options".into());
                }
                QuestionKind::Text {
                    max_length: self.max_length.unwrap_or_else(vocal_domain::survey::default_text_max_length),
                }
            }
        };
        ExtraQuestion { id: self.id, kind, required: self.required }
    }
}

#[cfg(test)]
mod tests;
