//! The email-safe 0–10 block.

use super::{attribute_values, sample_definition};
use crate::survey_page::render_email_block;

fn urls() -> [String; 11] {
    std::array::from_fn(|n| format!("https://vocal.example/s/tok_9?score={n}&sig=ab"))
}

#[test]
fn eleven_links_in_order_then_the_survey_link() {
    let definition = sample_definition();
    let html = render_email_block(&definition, "en", &urls(), "https://vocal.example/s/tok_9");
    let hrefs = attribute_values(&html, "href");
    assert_eq!(hrefs.len(), 12);
    for (n, href) in hrefs[..11].iter().enumerate() {
        assert_eq!(*href, format!("https://vocal.example/s/tok_9?score={n}&#38;sig=ab"));
    }
    assert_eq!(hrefs[11], "https://vocal.example/s/tok_9");
    for n in 0..=10 {
        assert!(html.contains(&format!("text-decoration:none;\">{n}</a>")), "{n}");
    }
    assert!(html.contains("How likely are you to recommend Northwind Telecom"));
    assert!(html.contains(">Not at all likely</td>") && html.contains(">Extremely likely</td>"));
    assert!(html.contains(">Or open the survey in your browser</a>"));
}

#[test]
fn the_block_uses_only_what_email_clients_keep() {
    let definition = sample_definition();
    let html = render_email_block(&definition, "fr", &urls(), "https://vocal.example/s/tok_9");
    for banned in ["<style", "class=", "<script", "<img", "display:flex", "display:grid", "<div", "var(--"] {
        assert!(!html.contains(banned), "{banned}");
    }
    assert!(html.matches("<table role=\"presentation\"").count() >= 4);
    assert_eq!(html.matches("bgcolor=\"#0b7a75\"").count(), 11);
    assert!(html.contains("mso-padding-alt") && html.contains("<!--[if mso]>"));
    assert!(html.contains(">Pas du tout probable</td>") && html.contains("Quelle est la probabilité"));
}

#[test]
fn right_to_left_blocks_swap_their_alignment() {
    let mut definition = sample_definition();
    let he = definition.texts["en"].clone();
    definition.texts.insert("he".into(), he);
    let html = render_email_block(&definition, "he", &urls(), "https://vocal.example/s/x");
    assert!(html.contains(r#"lang="he" dir="rtl""#));
    assert!(html.contains(r#"<td align="right" valign="top" width="50%""#));
}

#[test]
fn survey_texts_in_the_block_are_escaped() {
    let mut definition = sample_definition();
    definition.texts.get_mut("en").unwrap().question = "<script>x</script> & more".into();
    let html = render_email_block(&definition, "en", &urls(), "https://vocal.example/s/\"x");
    assert!(html.contains("&#60;script&#62;x&#60;/script&#62; &#38; more"));
    assert!(html.contains("https://vocal.example/s/&#34;x"));
}
