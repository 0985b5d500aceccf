//! The thank-you page and the notices.

use super::{attribute_values, sample_definition};
use crate::survey_page::{Notice, render_branded_notice, render_notice, render_thank_you};

const ALL: [Notice; 6] = [
    Notice::NotFound,
    Notice::Expired,
    Notice::TooManyRequests,
    Notice::Unavailable,
    Notice::Failed,
    Notice::AlreadyAnswered,
];

#[test]
fn thank_you_shows_the_survey_text_and_the_edit_link() {
    let definition = sample_definition();
    let html = render_thank_you(
        &definition,
        "fr",
        None,
        Some("12 mars 2026 à 14:00".into()),
        Some("/s/tok_1?edit=1&lang=fr".into()),
        Some("abc"),
    );
    assert!(html.contains(r#"<html lang="fr" dir="ltr">"#));
    assert!(html.contains("<title>Merci</title>") && html.contains("Merci pour votre avis !"));
    assert!(html.contains("Vous pouvez modifier votre réponse jusqu’au 12 mars 2026 à 14:00."));
    assert!(html.contains(r#"<a href="/s/tok_1?edit=1&#38;lang=fr">Modifier ma réponse</a>"#));
    assert!(!html.contains("http-equiv") && !html.contains("<script"));
    assert!(html.contains(r#"<style nonce="abc">"#));
}

#[test]
fn thank_you_follows_only_web_redirects() {
    let definition = sample_definition();
    let url = "https://northwind.example/thanks?from=survey&x=\"";
    let html = render_thank_you(&definition, "en", Some(url), None, None, None);
    let escaped = "https://northwind.example/thanks?from=survey&#38;x=&#34;";
    assert!(html.contains(&format!(r#"<meta http-equiv="refresh" content="6;url={escaped}">"#)));
    assert!(html.contains(&format!(r#"<a class="btn" href="{escaped}">Continue</a>"#)));
    assert!(!html.contains("Change my answer"));
    for url in ["javascript:alert(1)", "data:text/html,x", "//evil.example/"] {
        let html = render_thank_you(&definition, "en", Some(url), None, None, None);
        assert!(!html.contains("http-equiv") && !html.contains("Continue"), "{url}");
    }
}

#[test]
fn the_only_outside_url_on_a_thank_you_page_is_the_redirect() {
    let definition = sample_definition();
    let redirect = "https://northwind.example/thanks";
    let html = render_thank_you(&definition, "en", Some(redirect), Some("tomorrow".into()), Some("/s/t".into()), None);
    for attribute in ["src", "href", "action"] {
        for value in attribute_values(&html, attribute) {
            let outside = value.starts_with("http:") || value.starts_with("https:");
            assert!(!outside || value == redirect, "{attribute}={value}");
        }
    }
}

#[test]
fn notices_say_their_message_in_each_language() {
    let cases = [
        ("en", Notice::NotFound, "We couldn&#39;t find this survey"),
        ("fr", Notice::Expired, "Ce lien a expiré"),
        ("de", Notice::TooManyRequests, "Zu viele Antworten aus Ihrem Netzwerk"),
        ("es", Notice::Unavailable, "La encuesta no está disponible temporalmente"),
        ("ja", Notice::AlreadyAnswered, "このアンケートには既にご回答いただいています"),
        ("pt-BR", Notice::Expired, "This link has expired"),
        ("en", Notice::TooManyRequests, "Too many answers from your network — please try again in a minute"),
        ("en", Notice::Unavailable, "The survey is temporarily unavailable — please try again shortly"),
    ];
    for (lang, kind, text) in cases {
        let html = render_notice(kind, lang, None);
        assert!(html.contains(&format!("<h1>{text}")), "{lang} {kind:?}: {html}");
        let shown = if lang == "pt-BR" { "en" } else { lang };
        assert!(html.contains(&format!(r#"<html lang="{shown}" dir="ltr">"#)));
    }
}

#[test]
fn notices_reveal_nothing_about_the_survey() {
    let definition = sample_definition();
    for kind in ALL {
        let html = render_notice(kind, "en", None);
        assert!(!html.contains("Northwind") && !html.contains("data:image"), "{kind:?}");
    }
    for kind in [Notice::NotFound, Notice::Expired] {
        let html = render_branded_notice(kind, &definition, "en", None);
        assert!(!html.contains("Northwind") && !html.contains("0b7a75"), "{kind:?}");
    }
    let html = render_branded_notice(Notice::AlreadyAnswered, &definition, "ja", None);
    assert!(html.contains("Northwind Telecom</span>") && html.contains("--a:#0b7a75"));
    assert!(html.contains(r#"<html lang="ja""#));
}
