//! The survey form page.

use super::{attribute_values, base64, form, sample_definition};
use crate::survey_page::{error_text, render_form};
use vocal_app::collect::answers::FormProblem;
use vocal_domain::survey::{ExtraQuestion, Logo, QuestionKind, QuestionTexts};

/// The text of the element with `id="{id}"`, up to its closing tag.
fn element_text<'h>(html: &'h str, id: &str) -> &'h str {
    let start = html.find(&format!("id=\"{id}\"")).expect(id);
    let open_end = start + html[start..].find('>').unwrap() + 1;
    &html[open_end..open_end + html[open_end..].find('<').unwrap()]
}

#[test]
fn the_page_is_a_complete_document_in_the_survey_language() {
    let definition = sample_definition();
    let html = render_form(&form(&definition, "fr"));
    assert!(html.starts_with("<!doctype html>"));
    assert!(html.contains(r#"<html lang="fr" dir="ltr">"#));
    for meta in [
        r#"<meta name="viewport" content="width=device-width, initial-scale=1">"#,
        r#"<meta name="referrer" content="no-referrer">"#,
        r#"<meta name="robots" content="noindex">"#,
    ] {
        assert!(html.contains(meta), "{meta}");
    }
    assert!(html.contains("Quelle est la probabilité"));
    assert!(html.contains(">Envoyer</button>"));
    assert!(html.contains(r#"<style nonce="n0nce">"#) && html.contains(r#"<script nonce="n0nce">"#));
    assert!(html.contains("Northwind Telecom</span>") && html.contains(r#"src="data:image/svg+xml;base64,"#));
    assert!(!html.contains("Support follow-up"), "the internal survey name is not shown");
}

#[test]
fn the_scale_is_an_accessible_radio_group_with_named_ends() {
    let definition = sample_definition();
    let html = render_form(&form(&definition, "en"));
    assert!(html.contains(r#"role="radiogroup" aria-labelledby="score-q""#));
    assert!(html.contains(r#"<legend class="q" id="score-q">How likely are you"#));
    assert_eq!(attribute_values(&html, "name").iter().filter(|n| **n == "score").count(), 11);
    let values: Vec<&str> = html.match_indices(r#"name="score" value=""#).map(|(i, _)| &html[i + 20..i + 22]).collect();
    assert_eq!(
        values.iter().map(|v| v.trim_end_matches('"')).collect::<Vec<_>>(),
        ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]
    );
    assert!(html.contains(r#"<span class="n">0</span><span class="vh"> – Not at all likely</span></label>"#));
    assert!(html.contains(r#"<span class="n">5</span></label>"#));
    assert!(html.contains(r#"<span class="n">10</span><span class="vh"> – Extremely likely</span></label>"#));
    let ja = render_form(&form(&definition, "ja"));
    assert!(ja.contains(r#"<span class="n">0</span><span class="vh"> – まったく可能性がない</span>"#));
    assert!(ja.contains(r#"<span class="n">10</span><span class="vh"> – 非常に可能性が高い</span>"#));
}

#[test]
fn the_why_question_follows_the_selected_band() {
    let definition = sample_definition();
    let en = &definition.texts["en"];
    let cases = [
        (None, &en.why),
        (Some(0), en.why_detractor.as_ref().unwrap()),
        (Some(6), en.why_detractor.as_ref().unwrap()),
        (Some(7), en.why_passive.as_ref().unwrap()),
        (Some(8), en.why_passive.as_ref().unwrap()),
        (Some(9), en.why_promoter.as_ref().unwrap()),
        (Some(10), en.why_promoter.as_ref().unwrap()),
    ];
    for (selected, wording) in cases {
        let mut f = form(&definition, "en");
        f.selected = selected;
        let html = render_form(&f);
        let escaped = wording.replace('\'', "&#39;");
        assert_eq!(element_text(&html, "why"), escaped, "{selected:?}");
        if let Some(score) = selected {
            assert!(html.contains(&format!(r#"value="{score}" checked"#)));
        }
        assert_eq!(html.matches(" checked").count(), usize::from(selected.is_some()));
    }
    let html = render_form(&form(&definition, "en"));
    assert!(html.contains(r#"data-d="We&#39;re sorry to hear that. What could we have done better?""#));
    assert!(html.contains(r#"data-r="Wonderful! What do you like most about us?""#));
}

#[test]
fn what_people_typed_is_escaped_and_kept() {
    let mut definition = sample_definition();
    definition.brand.organisation = "<b>Evil</b> & Co".into();
    definition.texts.get_mut("en").unwrap().question = "<img src=x onerror=alert(1)>".into();
    let mut f = form(&definition, "en");
    f.comment = "</textarea><script>alert(1)</script>".into();
    f.answers.insert("agent_name".into(), "\"><script>alert(2)</script>".into());
    f.hidden.push(("t".into(), "\" autofocus onfocus=\"x".into()));
    let html = render_form(&f);
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(!html.contains("<img src=x") && !html.contains("<b>Evil"));
    assert!(html.contains("&#60;/textarea&#62;&#60;script&#62;alert(1)&#60;/script&#62;</textarea>"));
    assert!(html.contains(r#"value="&#34;&#62;&#60;script&#62;alert(2)&#60;/script&#62;""#));
    assert!(html.contains(r#"value="&#34; autofocus onfocus=&#34;x""#));
    assert!(html.contains("&#60;b&#62;Evil&#60;/b&#62; &#38; Co"));
}

#[test]
fn errors_sit_next_to_their_fields_and_answers_are_kept() {
    let definition = sample_definition();
    let mut f = form(&definition, "fr");
    f.comment = "Trop long…".into();
    f.answers.insert("agent_name".into(), "Camille".into());
    f.answers.insert("channel".into(), "chat".into());
    f.errors.insert("score".into(), error_text("fr", FormProblem::ScoreMissing));
    f.errors.insert("comment".into(), error_text("fr", FormProblem::TooLong { max: 10_000 }));
    f.errors.insert("channel".into(), error_text("fr", FormProblem::InvalidChoice));
    f.errors.insert("agent_name".into(), error_text("fr", FormProblem::Required));
    f.errors.insert("_form".into(), "Le formulaire a expiré, veuillez le renvoyer.".into());
    let html = render_form(&f);
    assert!(html.contains(r#"aria-invalid="true" aria-describedby="score-err""#));
    assert!(html.contains(r#"<p class="err" id="score-err">Veuillez choisir une note</p>"#));
    assert!(html.contains(r#"aria-describedby="comment-hint comment-err" aria-invalid="true">"#));
    assert!(html.contains("Veuillez raccourcir votre réponse à 10\u{202f}000\u{a0}caractères"));
    assert!(html.contains(r#"aria-invalid="true" aria-describedby="q-channel-err""#));
    assert!(html.contains(r#"aria-describedby="q-agent_name-hint q-agent_name-err" aria-invalid="true">"#));
    assert!(
        html.contains(r#"role="alert">Veuillez vérifier les réponses signalées ci-dessous.<p>Le formulaire a expiré"#)
    );
    assert!(html.contains(">\nTrop long…</textarea>"));
    assert!(html.contains(r#"value="Camille""#));
    assert!(html.contains(r#"name="channel" value="chat" checked>"#));
}

#[test]
fn extra_questions_render_as_their_kind() {
    let definition = sample_definition();
    let html = render_form(&form(&definition, "en"));
    assert!(
        html.contains(r#"<legend class="q" id="q-channel">How did you contact us?</legend>"#),
        "required: no Optional tag"
    );
    assert!(html.contains(r#"name="channel" value="phone" required><span>By phone</span>"#));
    assert!(html.contains(r#"<label for="q-agent_name" class="q">Who helped you?</label>"#));
    assert!(html.contains(r#"maxlength="200""#));
    assert!(html.contains(">Optional · Up to 200 characters</p>"));
    assert!(html.contains(r#"maxlength="10000""#) && html.contains("Optional · Up to 10,000 characters"));
}

#[test]
fn autosubmit_honeypot_and_read_only_switch_their_parts() {
    let definition = sample_definition();
    let plain = render_form(&form(&definition, "en"));
    assert!(!plain.contains(r#"data-auto="1""#) && !plain.contains("name=\"website\""));
    assert!(plain.contains(r#"<input type="hidden" name="form_token" value="ft_91b2">"#));

    let mut f = form(&definition, "en");
    f.autosubmit_score = true;
    assert!(!render_form(&f).contains(r#"data-auto="1""#), "nothing to record without a score");
    f.selected = Some(9);
    f.honeypot = true;
    let auto = render_form(&f);
    assert!(auto.contains(r#"data-auto="1""#) && auto.contains("visibilityState"));
    assert!(auto.contains(r#"<p id="saved" class="ok" role="status" hidden>"#));
    assert!(auto.contains(r#"name="website" tabindex="-1" autocomplete="off""#));

    f.read_only = true;
    let read_only = render_form(&f);
    assert!(read_only.contains("<fieldset disabled>") && !read_only.contains("<button"));
    assert!(
        !read_only.contains("<script") && !read_only.contains(r#"data-auto="1""#) && !read_only.contains("website")
    );
    assert!(read_only.contains("This answer can no longer be changed."));
}

#[test]
fn right_to_left_and_unknown_languages() {
    let mut definition = sample_definition();
    let ar = definition.texts["en"].clone();
    definition.texts.insert("ar".into(), ar);
    let html = render_form(&form(&definition, "ar"));
    assert!(html.contains(r#"<html lang="ar" dir="rtl">"#));
    assert!(html.contains(">Send</button>"), "English chrome for a language without its own");
    let html = render_form(&form(&definition, "de"));
    assert!(html.contains(r#"<html lang="en" dir="ltr">"#), "a language the survey lacks falls back to its default");
}

/// The largest page people will reasonably get: a 12 KB logo, long texts in
/// every band, four extra questions, a long comment sent back with errors.
#[test]
fn a_full_page_stays_under_30_kb() {
    let mut definition = sample_definition();
    let logo = vec![0xa5u8; vocal_domain::survey::MAX_LOGO_BYTES];
    definition.brand.logo = Some(Logo { content_type: "image/png".into(), base64: base64(&logo) });
    let long =
        |n: usize| "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(n / 56 + 1)[..n].to_owned();
    let en = definition.texts.get_mut("en").unwrap();
    en.question = long(200);
    en.why = long(150);
    en.why_detractor = Some(long(150));
    en.why_passive = Some(long(150));
    en.why_promoter = Some(long(150));
    for i in 0..3 {
        let id = format!("choice_{i}");
        let options: Vec<String> = (0..6).map(|o| format!("option_{o}")).collect();
        en.questions.insert(
            id.clone(),
            QuestionTexts { label: long(120), options: options.iter().map(|o| (o.clone(), long(40))).collect() },
        );
        definition.questions.push(ExtraQuestion { id, kind: QuestionKind::Choice { options }, required: true });
    }
    let mut f = form(&definition, "en");
    f.selected = Some(4);
    f.autosubmit_score = true;
    f.honeypot = true;
    f.comment = long(1_000);
    f.errors.insert("score".into(), error_text("en", FormProblem::ScoreMissing));
    f.errors.insert("choice_2".into(), error_text("en", FormProblem::Required));
    let html = render_form(&f);
    assert!(html.len() < 30_000, "{} bytes", html.len());
    assert!(html.len() > 16_384 + 5_000, "the fixture really is large: {} bytes", html.len());
}

#[test]
fn the_page_loads_nothing_from_other_hosts() {
    let definition = sample_definition();
    let mut f = form(&definition, "en");
    f.selected = Some(3);
    f.autosubmit_score = true;
    let html = render_form(&f);
    for attribute in ["src", "href", "action"] {
        for value in attribute_values(&html, attribute) {
            assert!(!value.to_ascii_lowercase().contains("http:") && !value.contains("https:"), "{attribute}={value}");
        }
    }
    assert!(!html.contains("@import") && !html.contains("url("), "no stylesheet requests");
}
