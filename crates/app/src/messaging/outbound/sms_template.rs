//! An SMS gateway as a request template: the common SMS REST APIs take a
//! form POST (`To`, `From`, `Body`) with basic auth or a token header, so a
//! gateway is its URL, its form fields with `{{placeholders}}`, and its
//! credentials. A template is checked whole when saved (every field must
//! render with sample values and use only known placeholders), so nothing
//! about it can fail at send time but the gateway itself.

use serde::{Deserialize, Serialize};

/// The placeholders a template may use.
pub const PLACEHOLDERS: [&str; 4] = ["to", "text", "case_id", "case_url"];

/// One form field: its name and its value with placeholders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormField {
    pub name: String,
    pub value: String,
}

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BasicAuth {
    pub username: String,
    pub password: String,
}

/// A header carrying a token, e.g. `Authorization: Bearer …`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenHeader {
    pub name: String,
    pub value: String,
}

/// How to post one SMS to the gateway (the channel's URL, method POST).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmsTemplate {
    pub fields: Vec<FormField>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basic_auth: Option<BasicAuth>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<TokenHeader>,
}

impl std::fmt::Debug for SmsTemplate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmsTemplate")
            .field("fields", &self.fields)
            .field("basic_auth", &self.basic_auth.as_ref().map(|a| format!("{}:***", a.username)))
            .field("header", &self.header.as_ref().map(|h| format!("{}: ***", h.name)))
            .finish()
    }
}

/// A template that does not render, naming the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {problem}")]
pub struct TemplateError {
    /// E.g. `fields[2] (Body)`, `header.name`.
    pub field: String,
    pub problem: String,
}

/// The values placeholders stand for in one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmsValues<'a> {
    pub to: &'a str,
    pub text: &'a str,
    pub case_id: Option<i64>,
    pub case_url: Option<&'a str>,
}

impl SmsValues<'_> {
    fn get(&self, name: &str) -> Option<String> {
        match name {
            "to" => Some(self.to.to_string()),
            "text" => Some(self.text.to_string()),
            "case_id" => Some(self.case_id.map(|id| id.to_string()).unwrap_or_default()),
            "case_url" => Some(self.case_url.unwrap_or_default().to_string()),
            _ => None,
        }
    }
}

const SAMPLE: SmsValues<'static> = SmsValues {
    to: "+14155550100",
    text: "Sample alert",
    case_id: Some(1),
    case_url: Some("https://nps.example.com/cases/1"),
};

/// Sample values whose text cannot occur in a template, to see which
/// field carries the message.
const MARKED: SmsValues<'static> = SmsValues { text: "\u{0}the message\u{0}", ..SAMPLE };

/// `text` with every `{{name}}` replaced; an unknown name or an unclosed
/// `{{` is an error (the problem only: the caller names the field).
pub fn render(text: &str, values: &SmsValues<'_>) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after.find("}}").ok_or_else(|| "a {{ is not closed by }}".to_string())?;
        let name = after[..end].trim();
        let value = values
            .get(name)
            .ok_or_else(|| format!("unknown placeholder {{{{{name}}}}} (known: {})", PLACEHOLDERS.join(", ")))?;
        out.push_str(&value);
        rest = &after[end + 2..];
    }
    if rest.contains("}}") {
        return Err("a }} has no {{ before it".into());
    }
    out.push_str(rest);
    Ok(out)
}

impl SmsTemplate {
    /// Checks the whole template: every problem found, each naming its field.
    pub fn validate(&self) -> Result<(), Vec<TemplateError>> {
        let mut errors = Vec::new();
        let mut problem = |field: String, problem: String| errors.push(TemplateError { field, problem });
        if self.fields.is_empty() {
            problem("fields".into(), "at least one form field is needed, e.g. Body={{text}}".into());
        }
        for (i, field) in self.fields.iter().enumerate() {
            let at = format!("fields[{i}] ({})", field.name);
            if field.name.trim().is_empty() {
                problem(format!("fields[{i}]"), "the field has no name".into());
            }
            if field.name.contains("{{") || field.name.contains("}}") {
                problem(at.clone(), "a field name cannot hold a placeholder".into());
            }
            if let Err(e) = render(&field.value, &SAMPLE) {
                problem(at, e);
            }
        }
        let carries_text = |f: &FormField| render(&f.value, &MARKED).is_ok_and(|v| v.contains(MARKED.text));
        if !self.fields.is_empty() && !self.fields.iter().any(carries_text) {
            problem("fields".into(), "no field carries the message: use {{text}} in one, e.g. Body={{text}}".into());
        }
        if let Some(auth) = &self.basic_auth
            && auth.username.is_empty()
        {
            problem("basic_auth.username".into(), "is empty".into());
        }
        if let Some(header) = &self.header {
            if reqwest::header::HeaderName::from_bytes(header.name.as_bytes()).is_err() {
                problem("header.name".into(), format!("{:?} is not an HTTP header name", header.name));
            }
            if reqwest::header::HeaderValue::from_str(&header.value).is_err() {
                problem("header.value".into(), "is not a valid HTTP header value (control characters?)".into());
            }
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }

    /// The form to post for one message. The template was validated when
    /// saved, so a failure here means a stored template was changed by hand.
    pub fn form(&self, values: &SmsValues<'_>) -> Result<Vec<(String, String)>, TemplateError> {
        self.fields
            .iter()
            .enumerate()
            .map(|(i, field)| {
                render(&field.value, values)
                    .map(|value| (field.name.clone(), value))
                    .map_err(|problem| TemplateError { field: format!("fields[{i}] ({})", field.name), problem })
            })
            .collect()
    }
}

/// Parses `NAME=VALUE` as given on the command line.
pub fn parse_field(text: &str) -> Result<FormField, String> {
    let (name, value) = text.split_once('=').ok_or_else(|| format!("{text:?} is not NAME=VALUE"))?;
    Ok(FormField { name: name.trim().to_string(), value: value.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(name: &str, value: &str) -> FormField {
        FormField { name: name.into(), value: value.into() }
    }

    fn template(fields: Vec<FormField>) -> SmsTemplate {
        SmsTemplate { fields, basic_auth: None, header: None }
    }

    #[test]
    fn a_form_renders_each_placeholder_with_the_message_values() {
        let t = template(vec![
            field("To", "{{to}}"),
            field("From", "+15005550006"),
            field("Body", "{{ text }} {{case_url}}"),
        ]);
        assert_eq!(t.validate(), Ok(()));
        let values = SmsValues {
            to: "+447700900123",
            text: "Score 2 & \"cancel\"",
            case_id: Some(9),
            case_url: Some("https://x/cases/9"),
        };
        assert_eq!(
            t.form(&values).unwrap(),
            vec![
                ("To".to_string(), "+447700900123".to_string()),
                ("From".to_string(), "+15005550006".to_string()),
                ("Body".to_string(), "Score 2 & \"cancel\" https://x/cases/9".to_string()),
            ]
        );
    }

    #[test]
    fn validation_names_every_bad_field() {
        let mut t = template(vec![field("To", "{{to}}"), field("Body", "{{txt}}"), field("Ref", "{{case_id")]);
        t.header = Some(TokenHeader { name: "Bad Header".into(), value: "x".into() });
        t.basic_auth = Some(BasicAuth { username: String::new(), password: "p".into() });
        let fields: Vec<String> = t.validate().unwrap_err().into_iter().map(|e| e.to_string()).collect();
        assert_eq!(
            fields,
            vec![
                "fields[1] (Body): unknown placeholder {{txt}} (known: to, text, case_id, case_url)",
                "fields[2] (Ref): a {{ is not closed by }}",
                "fields: no field carries the message: use {{text}} in one, e.g. Body={{text}}",
                "basic_auth.username: is empty",
                "header.name: \"Bad Header\" is not an HTTP header name",
            ]
        );
        assert_eq!(template(vec![]).validate().unwrap_err()[0].field, "fields");
    }

    #[test]
    fn fields_are_parsed_from_name_equals_value() {
        assert_eq!(parse_field("Body={{text}} = now"), Ok(field("Body", "{{text}} = now")));
        assert!(parse_field("Body").is_err());
    }
}
