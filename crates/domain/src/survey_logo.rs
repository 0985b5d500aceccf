//! Logo checks. The logo is inlined into the survey page, so an SVG is
//! markup running on Vocal's origin: anything that could run script or load
//! from another host is refused. Refusing is deliberate — a sanitiser would
//! silently change what the organisation uploaded, and any gap in it would
//! be a cross-site scripting hole on every survey page.

use base64::Engine;

use crate::survey::{Logo, MAX_LOGO_BYTES};
use crate::survey_rules::Problems;

/// The image types a browser shows everywhere.
pub const LOGO_CONTENT_TYPES: &[&str] = &["image/svg+xml", "image/png", "image/jpeg", "image/webp"];

pub(crate) fn check(logo: &Logo, problems: &mut Problems) {
    if !LOGO_CONTENT_TYPES.contains(&logo.content_type.as_str()) {
        problems.add("brand.logo.content_type", format!("must be one of {}", LOGO_CONTENT_TYPES.join(", ")));
    }
    let bytes = match base64::engine::general_purpose::STANDARD.decode(logo.base64.trim()) {
        Ok(bytes) => bytes,
        Err(_) => return problems.add("brand.logo.base64", "is not valid base64"),
    };
    if bytes.is_empty() {
        problems.add("brand.logo.base64", "the image is empty");
    } else if bytes.len() > MAX_LOGO_BYTES {
        problems.add(
            "brand.logo.base64",
            format!("the image is {} bytes; at most {MAX_LOGO_BYTES} fit on the page", bytes.len()),
        );
    } else if logo.content_type == "image/svg+xml"
        && let Some(message) = svg_problem(&bytes)
    {
        problems.add("brand.logo.base64", message);
    }
}

/// Why an SVG cannot be inlined, if it cannot.
pub fn svg_problem(bytes: &[u8]) -> Option<String> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Some("the SVG is not UTF-8 text".into());
    };
    let lower = text.to_ascii_lowercase();
    if !lower.contains("<svg") {
        return Some("is not an SVG image (no <svg> element)".into());
    }
    for (needle, what) in [
        ("<script", "a <script> element"),
        ("javascript:", "a javascript: URL"),
        ("<foreignobject", "a <foreignObject> element"),
        ("@import", "a CSS @import"),
    ] {
        if lower.contains(needle) {
            return Some(format!("the SVG contains {what}; remove it"));
        }
    }
    if let Some(name) = event_attribute(&lower) {
        return Some(format!("the SVG has an event handler attribute ({name}=); remove it"));
    }
    if external_reference(&lower) {
        return Some("the SVG refers to another file or host (href, src or url()); embed everything in it".into());
    }
    None
}

/// The first `on…=` attribute name, e.g. `onload`.
fn event_attribute(lower: &str) -> Option<&str> {
    let bytes = lower.as_bytes();
    let mut from = 0;
    while let Some(found) = lower[from..].find("on") {
        let start = from + found;
        from = start + 2;
        let after_separator =
            start == 0 || matches!(bytes[start - 1], b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'"' | b'\'');
        let name_end = start + 2 + lower[start + 2..].bytes().take_while(u8::is_ascii_alphabetic).count();
        let equals = lower[name_end..].trim_start().starts_with('=');
        if after_separator && name_end > start + 2 && equals {
            return Some(&lower[start..name_end]);
        }
    }
    None
}

/// Whether an `href`, `src` or CSS `url(…)` points anywhere but inside the SVG (`#id`).
fn external_reference(lower: &str) -> bool {
    for attribute in ["href", "src"] {
        let mut from = 0;
        while let Some(found) = lower[from..].find(attribute) {
            let rest = lower[from + found + attribute.len()..].trim_start();
            from += found + attribute.len();
            if let Some(value) = rest.strip_prefix('=') {
                let value = value.trim_start().trim_start_matches(['"', '\'']);
                if !value.starts_with('#') {
                    return true;
                }
            }
        }
    }
    lower.match_indices("url(").any(|(at, _)| !lower[at + 4..].trim_start_matches(['"', '\'', ' ']).starts_with('#'))
}
