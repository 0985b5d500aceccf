//! The brand applied to a page: the accent colour and colours derived from it
//! so text stays readable whatever the organisation chose, and the logo as a
//! `data:` URI. Both come from a stored definition, but they end up inside
//! CSS and a `src` attribute, so they are checked again here.

use vocal_domain::survey::{Brand, Logo};

/// Used when a brand colour is not `#rrggbb`.
const DEFAULT_ACCENT: Rgb = Rgb(0x25, 0x63, 0xeb);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rgb(u8, u8, u8);

impl Rgb {
    pub(crate) fn parse(text: &str) -> Option<Rgb> {
        let hex = text.strip_prefix('#')?;
        if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        Some(Rgb(byte(0)?, byte(2)?, byte(4)?))
    }

    pub(crate) fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// WCAG relative luminance.
    fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.039_28 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }

    fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        let (hi, lo) = if a > b { (a, b) } else { (b, a) };
        (hi + 0.05) / (lo + 0.05)
    }

    fn darken(self, factor: f64) -> Rgb {
        let scale = |c: u8| (f64::from(c) * factor).round().clamp(0.0, 255.0) as u8;
        Rgb(scale(self.0), scale(self.1), scale(self.2))
    }
}

const WHITE: Rgb = Rgb(0xff, 0xff, 0xff);
const INK: Rgb = Rgb(0x11, 0x18, 0x27);

/// The colours a page or email is painted with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Palette {
    /// The brand colour, for filled buttons and the selected score.
    pub accent: String,
    /// Text on `accent`: white or near-black, whichever reads better.
    pub on_accent: String,
    /// The accent darkened until it reads as text on white (≥ 4.5:1), for
    /// links, borders and focus rings.
    pub accent_ink: String,
}

impl Palette {
    /// Slate grey, for pages that must not show whose survey it is.
    pub(crate) fn neutral() -> Palette {
        Palette { accent: "#475569".into(), on_accent: "#ffffff".into(), accent_ink: "#475569".into() }
    }

    pub(crate) fn of(brand: Option<&Brand>) -> Palette {
        let accent = brand.and_then(|b| Rgb::parse(b.colour.trim())).unwrap_or(DEFAULT_ACCENT);
        let on_accent = if accent.contrast(WHITE) >= accent.contrast(INK) { WHITE } else { INK };
        let mut ink = accent;
        while ink.contrast(WHITE) < 4.5 {
            ink = ink.darken(0.9);
        }
        Palette { accent: accent.hex(), on_accent: on_accent.hex(), accent_ink: ink.hex() }
    }
}

/// The logo as a `data:` URI, or `None` when it is not one of the allowed
/// image types or not plain base64 (it would otherwise be written into a
/// `src` attribute unchecked).
pub(crate) fn logo_data_uri(logo: &Logo) -> Option<String> {
    const TYPES: [&str; 4] = ["image/svg+xml", "image/png", "image/jpeg", "image/webp"];
    let content_type = TYPES.iter().find(|t| logo.content_type.eq_ignore_ascii_case(t))?;
    let data = logo.base64.trim();
    let plain = data.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='));
    (plain && !data.is_empty()).then(|| format!("data:{content_type};base64,{data}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_must_be_six_hex_digits() {
        assert_eq!(Rgb::parse("#0A6cff"), Some(Rgb(0x0a, 0x6c, 0xff)));
        for bad in ["0a6cff", "#0a6cf", "#0a6cfg", "red", "#0a6cff;}body{x:y", ""] {
            assert_eq!(Rgb::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn light_accents_get_dark_text_and_a_darker_ink() {
        let brand = |colour: &str| Brand { organisation: "O".into(), colour: colour.into(), logo: None };
        let yellow = Palette::of(Some(&brand("#ffd400")));
        assert_eq!(yellow.on_accent, INK.hex());
        let ink = Rgb::parse(&yellow.accent_ink).unwrap();
        assert!(ink.contrast(WHITE) >= 4.5);
        let navy = Palette::of(Some(&brand("#1b2a4a")));
        assert_eq!((navy.on_accent.as_str(), navy.accent_ink.as_str()), ("#ffffff", "#1b2a4a"));
        assert_eq!(Palette::of(Some(&brand("expression(x)"))).accent, DEFAULT_ACCENT.hex());
    }

    #[test]
    fn logos_are_checked_before_they_become_a_uri() {
        let logo = |t: &str, b: &str| Logo { content_type: t.into(), base64: b.into() };
        assert_eq!(logo_data_uri(&logo("image/png", "iVBORw0K")).unwrap(), "data:image/png;base64,iVBORw0K");
        assert_eq!(logo_data_uri(&logo("text/html", "PHNjcmlwdD4=")), None);
        assert_eq!(logo_data_uri(&logo("image/png", "a\" onerror=\"x")), None);
    }
}
