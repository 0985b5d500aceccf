//! The few SVG pieces every chart shares: the document frame, escaped text,
//! compact numbers and the palette.

use std::fmt::{self, Write};

/// Band colours, each at least 3:1 against white (WCAG 1.4.11 for graphics)
/// and at least 4.5:1 for the white text drawn on them.
pub(crate) const DETRACTOR: &str = "#c62828";
pub(crate) const PASSIVE: &str = "#b45309";
pub(crate) const PROMOTER: &str = "#15803d";
/// Lines and bars that carry no good/bad meaning.
pub(crate) const ACCENT: &str = "#1f5fa8";
/// Text and axis labels.
pub(crate) const INK: &str = "#333333";
pub(crate) const MUTED: &str = "#5f5f5f";
/// Grid lines: decoration, so exempt from the contrast minimum.
pub(crate) const GRID: &str = "#dddddd";

/// Smallest font used: 11 px stays readable when the chart scales down.
pub(crate) const SMALL_FONT: u32 = 11;

/// An SVG document being written. Text goes through [`escape`]; numbers
/// through [`num`].
pub(crate) struct Svg {
    out: String,
}

impl Svg {
    /// Opens a document that scales to its container (`width="100%"` and a
    /// `viewBox`), announced to screen readers as one image named `label`.
    pub(crate) fn new(width: u32, height: u32, label: &str) -> Self {
        let mut svg = Svg { out: String::with_capacity(4096) };
        let label = escape(label);
        svg.push(format_args!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"100%\" \
             role=\"img\" aria-label=\"{label}\" font-family=\"system-ui, sans-serif\" font-size=\"12\" \
             fill=\"{INK}\"><title>{label}</title>"
        ));
        svg
    }

    pub(crate) fn push(&mut self, args: fmt::Arguments<'_>) {
        self.out.write_fmt(args).expect("writing to a String cannot fail");
    }

    /// A text element; `content` is escaped.
    pub(crate) fn text(&mut self, x: f64, y: f64, anchor: &str, attributes: &str, content: &str) {
        let (x, y, content) = (num(x), num(y), escape(content));
        self.push(format_args!("<text x=\"{x}\" y=\"{y}\" text-anchor=\"{anchor}\"{attributes}>{content}</text>"));
    }

    pub(crate) fn finish(mut self) -> String {
        self.out.push_str("</svg>");
        self.out
    }
}

/// Escapes text for both element content and attribute values: labels
/// come from customer data and may hold markup such as `<script>`.
pub(crate) fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            // Control characters are not allowed in XML 1.0 at all.
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => escaped.push('\u{FFFD}'),
            c => escaped.push(c),
        }
    }
    escaped
}

/// A coordinate with one decimal, which is finer than a pixel and keeps
/// the document small.
pub(crate) fn num(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded == rounded.trunc() { format!("{}", rounded as i64) } else { format!("{rounded:.1}") }
}

/// An NPS as people read it: whole points with a true minus sign (`−12`, `+40`, `0`).
pub(crate) fn signed(nps: f64) -> String {
    let rounded = nps.round() as i64;
    match rounded {
        0 => "0".into(),
        r if r < 0 => format!("\u{2212}{}", -r),
        r => format!("+{r}"),
    }
}

/// A label cut to `max` characters with an ellipsis; the full text stays
/// available in the element's `<title>`. Unit paths keep their end, which
/// tells siblings apart (`…/Nevada/Reno`); other labels keep their start.
pub(crate) fn shorten(label: &str, max: usize) -> String {
    let length = label.chars().count();
    if length <= max {
        return label.to_string();
    }
    let keep = max.saturating_sub(1);
    if label.contains('/') {
        format!("…{}", label.chars().skip(length - keep).collect::<String>())
    } else {
        format!("{}…", label.chars().take(keep).collect::<String>())
    }
}

/// Linear map from `domain` to `range`.
pub(crate) fn scale(value: f64, domain: (f64, f64), range: (f64, f64)) -> f64 {
    range.0 + (value - domain.0) / (domain.1 - domain.0) * (range.1 - range.0)
}
