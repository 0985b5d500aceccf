//! The 0–10 scale as a block of HTML to paste into any email: nested
//! presentation tables, inline styles and `bgcolor` only (no classes, no
//! `<style>`, no script, no images), a ghost table so Outlook for Windows
//! keeps the width, and `mso-padding-alt` so its cells keep their padding.

use askama::Template;
use vocal_domain::survey::SurveyDefinition;

use super::chrome::Chrome;
use super::language::{is_rtl, texts_for};
use super::pages::render_or_apologise;
use super::theme::Palette;

/// The widest the block gets, in CSS pixels (Outlook gets exactly this).
const WIDTH: u32 = 560;
const FONT: &str = "Arial,Helvetica,sans-serif";

struct Cell<'a> {
    number: usize,
    url: &'a str,
}

#[derive(Template)]
#[template(
    ext = "html",
    whitespace = "minimize",
    source = r#"<!--[if mso]><table role="presentation" width="{{ width }}" cellpadding="0" cellspacing="0" border="0"><tr><td><![endif]-->
<table role="presentation" lang="{{ lang }}" dir="{{ dir }}" width="100%" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:{{ width }}px;border-collapse:collapse;mso-table-lspace:0pt;mso-table-rspace:0pt;">
<tr><td align="{{ start }}" style="padding:0 3px 12px 3px;font-family:{{ font }};font-size:17px;line-height:24px;font-weight:bold;color:#1f2937;">{{ question }}</td></tr>
<tr><td style="padding:0;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="3" border="0" style="width:100%;table-layout:fixed;mso-table-lspace:0pt;mso-table-rspace:0pt;">
<tr>
{% for c in cells %}<td width="9%" align="center" valign="middle" bgcolor="{{ accent }}" style="width:9%;background-color:{{ accent }};border-radius:4px;mso-padding-alt:10px 0;"><a href="{{ c.url }}" target="_blank" style="display:block;padding:10px 0;font-family:{{ font }};font-size:16px;line-height:20px;font-weight:bold;color:{{ on_accent }};text-decoration:none;">{{ c.number }}</a></td>
{% endfor %}</tr>
</table>
</td></tr>
<tr><td style="padding:4px 3px 0 3px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="width:100%;">
<tr><td align="{{ start }}" valign="top" width="50%" style="font-family:{{ font }};font-size:13px;line-height:18px;color:#4b5563;">{{ not_likely }}</td><td align="{{ end }}" valign="top" width="50%" style="font-family:{{ font }};font-size:13px;line-height:18px;color:#4b5563;">{{ extremely_likely }}</td></tr>
</table>
</td></tr>
<tr><td align="{{ start }}" style="padding:14px 3px 0 3px;font-family:{{ font }};font-size:13px;line-height:18px;color:#4b5563;"><a href="{{ survey_url }}" target="_blank" style="color:{{ ink }};text-decoration:underline;">{{ open_in_browser }}</a></td></tr>
</table>
<!--[if mso]></td></tr></table><![endif]-->
"#
)]
struct EmailBlock<'a> {
    width: u32,
    font: &'static str,
    lang: &'a str,
    dir: &'static str,
    start: &'static str,
    end: &'static str,
    question: &'a str,
    cells: Vec<Cell<'a>>,
    accent: String,
    on_accent: String,
    ink: String,
    not_likely: &'static str,
    extremely_likely: &'static str,
    survey_url: &'a str,
    open_in_browser: &'static str,
}

/// The survey's question and eleven linked cells, 0 to 10 (`score_urls[n]`
/// opens the survey with score `n` chosen), with the end labels under the
/// ends and a plain link to `survey_url` below, in `language`.
pub fn render_email_block(
    definition: &SurveyDefinition,
    language: &str,
    score_urls: &[String; 11],
    survey_url: &str,
) -> String {
    let (lang, question) =
        texts_for(definition, language).map_or((language, ""), |(lang, texts)| (lang, texts.question.as_str()));
    let chrome = Chrome::for_language(lang);
    let palette = Palette::of(Some(&definition.brand));
    let rtl = is_rtl(lang);
    let block = EmailBlock {
        width: WIDTH,
        font: FONT,
        lang,
        dir: if rtl { "rtl" } else { "ltr" },
        start: if rtl { "right" } else { "left" },
        end: if rtl { "left" } else { "right" },
        question,
        cells: score_urls.iter().enumerate().map(|(number, url)| Cell { number, url }).collect(),
        accent: palette.accent,
        on_accent: palette.on_accent,
        ink: palette.accent_ink,
        not_likely: chrome.not_likely,
        extremely_likely: chrome.extremely_likely,
        survey_url,
        open_in_browser: chrome.open_in_browser,
    };
    render_or_apologise(&block)
}
