//! A valid survey, then one mutation per rule, each naming its key.

use std::collections::BTreeMap;

use base64::Engine;

use crate::survey::{
    Brand, ExtraQuestion, Logo, MAX_LOGO_BYTES, PublicLink, QuestionKind, QuestionTexts, SurveyDefinition, SurveyTexts,
};

fn texts(language: &str) -> SurveyTexts {
    SurveyTexts {
        question: format!("How likely are you to recommend us? ({language})"),
        why: "Why?".into(),
        why_detractor: Some("What went wrong?".into()),
        why_passive: None,
        why_promoter: Some("What did you like?".into()),
        thank_you: "Thank you.".into(),
        questions: BTreeMap::from([
            (
                "reason".to_string(),
                QuestionTexts {
                    label: "What mattered most?".into(),
                    options: BTreeMap::from([
                        ("price".to_string(), "Price".to_string()),
                        ("service".to_string(), "Service".to_string()),
                    ]),
                },
            ),
            ("idea".to_string(), QuestionTexts { label: "One idea?".into(), options: BTreeMap::new() }),
        ]),
    }
}

fn valid() -> SurveyDefinition {
    SurveyDefinition {
        slug: "relationship-2026".into(),
        name: "Relationship".into(),
        default_language: "en".into(),
        edit_window_hours: 48,
        redirect_url: Some("https://www.example.com/thanks?from=survey".into()),
        redirect_hosts: vec!["www.example.com".into(), "localhost".into()],
        brand: Brand {
            organisation: "Example".into(),
            colour: "#1F6feb".into(),
            logo: Some(svg_logo(
                r##"<svg xmlns="http://www.w3.org/2000/svg"><use href="#a"/><rect id="a" fill="url(#g)"/></svg>"##,
            )),
        },
        public_link: PublicLink { enabled: true, one_answer_per_browser: true },
        questions: vec![
            ExtraQuestion {
                id: "reason".into(),
                kind: QuestionKind::Choice { options: vec!["price".into(), "service".into()] },
                required: true,
            },
            ExtraQuestion { id: "idea".into(), kind: QuestionKind::Text { max_length: 300 }, required: false },
        ],
        texts: BTreeMap::from([("en".to_string(), texts("en")), ("pt-BR".to_string(), texts("pt-BR"))]),
    }
}

fn svg_logo(svg: &str) -> Logo {
    Logo { content_type: "image/svg+xml".into(), base64: base64::engine::general_purpose::STANDARD.encode(svg) }
}

/// The keys of the problems after `mutate`.
fn keys_after(mutate: impl FnOnce(&mut SurveyDefinition)) -> Vec<String> {
    let mut survey = valid();
    mutate(&mut survey);
    survey.validate().err().unwrap_or_default().into_iter().map(|e| e.key).collect()
}

#[track_caller]
fn rejects(key: &str, mutate: impl FnOnce(&mut SurveyDefinition)) {
    let keys = keys_after(mutate);
    assert_eq!(keys, vec![key.to_string()], "expected exactly one problem at {key}");
}

fn question_texts<'a>(survey: &'a mut SurveyDefinition, language: &str) -> &'a mut BTreeMap<String, QuestionTexts> {
    &mut survey.texts.get_mut(language).unwrap().questions
}

#[test]
fn the_fixture_is_valid() {
    assert_eq!(valid().validate(), Ok(()));
}

#[test]
fn the_slug_is_lowercase_letters_digits_and_hyphens() {
    rejects("slug", |s| s.slug = "Relationship".into());
    rejects("slug", |s| s.slug = String::new());
    rejects("slug", |s| s.slug = "a".repeat(65));
}

#[test]
fn the_name_is_present_and_short() {
    rejects("name", |s| s.name = "  ".into());
    rejects("name", |s| s.name = "n".repeat(201));
}

#[test]
fn language_tags_have_the_usual_shape() {
    for good in ["en", "fra", "pt-BR", "zh-Hant", "es-419", "sr-Latn-RS"] {
        assert!(crate::survey_rules::is_language_tag(good), "{good}");
    }
    for bad in ["e", "english", "pt_BR", "en-", "12", "zh-Hantxxxxx"] {
        assert!(!crate::survey_rules::is_language_tag(bad), "{bad}");
    }
    rejects("texts.pt_BR", |s| {
        let texts = s.texts.remove("pt-BR").unwrap();
        s.texts.insert("pt_BR".into(), texts);
    });
}

#[test]
fn the_default_language_is_one_of_the_texts() {
    rejects("default_language", |s| s.default_language = "de".into());
}

#[test]
fn at_least_one_language_is_needed() {
    rejects("texts", |s| s.texts.clear());
}

#[test]
fn every_text_is_present_printable_and_not_too_long() {
    rejects("texts.pt-BR.why", |s| s.texts.get_mut("pt-BR").unwrap().why = " ".into());
    rejects("texts.en.question", |s| s.texts.get_mut("en").unwrap().question = "a\u{7}b".into());
    rejects("texts.en.thank_you", |s| s.texts.get_mut("en").unwrap().thank_you = "x".repeat(2_001));
    rejects("texts.en.why_promoter", |s| s.texts.get_mut("en").unwrap().why_promoter = Some(String::new()));
    assert_eq!(
        keys_after(|s| s.texts.get_mut("en").unwrap().thank_you = "Thanks!\nSee you".into()),
        Vec::<String>::new()
    );
}

#[test]
fn the_colour_is_hex_rgb() {
    rejects("brand.colour", |s| s.brand.colour = "blue".into());
    rejects("brand.colour", |s| s.brand.colour = "#12345g".into());
}

#[test]
fn the_organisation_name_is_present() {
    rejects("brand.organisation", |s| s.brand.organisation = String::new());
}

#[test]
fn a_logo_has_a_known_type_and_is_small_valid_base64() {
    rejects("brand.logo.content_type", |s| s.brand.logo.as_mut().unwrap().content_type = "image/gif".into());
    rejects("brand.logo.base64", |s| s.brand.logo.as_mut().unwrap().base64 = "not base64!".into());
    rejects("brand.logo.base64", |s| {
        let svg = format!("<svg>{}</svg>", " ".repeat(MAX_LOGO_BYTES));
        s.brand.logo = Some(svg_logo(&svg));
    });
}

#[test]
fn an_svg_logo_that_could_run_script_or_load_elsewhere_is_refused() {
    for svg in [
        "<svg><script>alert(1)</script></svg>",
        "<svg onload=\"alert(1)\"></svg>",
        "<svg><rect ONCLICK = 'x'/></svg>",
        "<svg><a href=\"javascript:alert(1)\"/></svg>",
        "<svg><image href=\"https://evil.example/x.png\"/></svg>",
        "<svg><use xlink:href='other.svg#a'/></svg>",
        "<svg><rect style=\"fill:url(https://evil.example/)\"/></svg>",
        "<svg><foreignObject><div/></foreignObject></svg>",
        "<html>not an svg</html>",
    ] {
        rejects("brand.logo.base64", |s| s.brand.logo = Some(svg_logo(svg)));
    }
    let harmless = "<svg><text font-family=\"x\">Bonjour on=1</text><g transform=\"none\"/></svg>";
    assert_eq!(keys_after(|s| s.brand.logo = Some(svg_logo(harmless))), Vec::<String>::new());
}

#[test]
fn the_edit_window_is_at_most_a_year() {
    rejects("edit_window_hours", |s| s.edit_window_hours = 8_761);
    assert_eq!(keys_after(|s| s.edit_window_hours = 0), Vec::<String>::new());
}

#[test]
fn the_redirect_is_https_to_a_listed_host() {
    rejects("redirect_url", |s| s.redirect_url = Some("http://www.example.com/".into()));
    rejects("redirect_url", |s| s.redirect_url = Some("https://elsewhere.example/".into()));
    rejects("redirect_url", |s| s.redirect_url = Some("/thanks".into()));
    rejects("redirect_url", |s| s.redirect_url = Some("https://www.example.com@evil.example/".into()));
    assert_eq!(keys_after(|s| s.redirect_url = Some("http://localhost:3000/done".into())), Vec::<String>::new());
}

#[test]
fn redirect_hosts_are_bare_host_names() {
    rejects("redirect_hosts[2]", |s| s.redirect_hosts.push("https://www.example.com".into()));
    rejects("redirect_hosts[1]", |s| s.redirect_hosts[1] = "*.example.com".into());
    rejects("redirect_hosts[1]", |s| s.redirect_hosts[1] = "example.com/path".into());
}

#[test]
fn redirect_allowed_parses_the_host_instead_of_matching_text() {
    let survey = valid();
    assert!(survey.redirect_allowed("https://WWW.example.com/next?x=1"));
    assert!(survey.redirect_allowed("http://localhost:8080/"));
    assert!(!survey.redirect_allowed("https://www.example.com@evil.example/"));
    assert!(!survey.redirect_allowed("https://www.example.com.evil.example/"));
    assert!(!survey.redirect_allowed("https://evil.example/?www.example.com"));
    assert!(!survey.redirect_allowed("http://www.example.com/"));
    assert!(!survey.redirect_allowed("javascript:alert(1)//www.example.com"));
    assert!(!survey.redirect_allowed("//www.example.com/"));
}

#[test]
fn question_ids_are_names_unique_and_not_response_fields() {
    let rename = |id: &str| {
        let id = id.to_string();
        move |s: &mut SurveyDefinition| {
            s.questions[1].id = id.clone();
            let labels = question_texts(s, "en").remove("idea").unwrap();
            for language in ["en", "pt-BR"] {
                question_texts(s, language).remove("idea");
                question_texts(s, language).insert(id.clone(), labels.clone());
            }
        }
    };
    rejects("questions[1].id", rename("Idea"));
    rejects("questions[1].id", rename("1idea"));
    rejects("questions[1].id", rename("channel"));
    let duplicate = keys_after(|s| s.questions[1].id = "reason".into());
    assert!(duplicate.contains(&"questions[1].id".to_string()), "{duplicate:?}");
}

#[test]
fn a_choice_has_two_to_twenty_unique_option_ids() {
    let set_options = |options: Vec<&str>| {
        let options: Vec<String> = options.into_iter().map(String::from).collect();
        move |s: &mut SurveyDefinition| {
            s.questions[0].kind = QuestionKind::Choice { options: options.clone() };
            for language in ["en", "pt-BR"] {
                let labels = &mut question_texts(s, language).get_mut("reason").unwrap().options;
                *labels = options.iter().map(|o| (o.clone(), format!("label {o}"))).collect();
            }
        }
    };
    rejects("questions[0].kind.options", set_options(vec!["only"]));
    rejects("questions[0].kind.options[1]", set_options(vec!["price", "Price!"]));
    let twice = keys_after(set_options(vec!["price", "price"]));
    assert!(twice.contains(&"questions[0].kind.options[1]".to_string()), "{twice:?}");
}

#[test]
fn a_text_answer_allows_one_to_ten_thousand_characters() {
    rejects("questions[1].kind.max_length", |s| s.questions[1].kind = QuestionKind::Text { max_length: 0 });
    rejects("questions[1].kind.max_length", |s| s.questions[1].kind = QuestionKind::Text { max_length: 10_001 });
}

#[test]
fn every_language_labels_every_question_and_option_and_nothing_else() {
    rejects("texts.pt-BR.questions.idea", |s| {
        question_texts(s, "pt-BR").remove("idea");
    });
    rejects("texts.en.questions.reason.options.price", |s| {
        question_texts(s, "en").get_mut("reason").unwrap().options.remove("price");
    });
    rejects("texts.en.questions.reason.options.network", |s| {
        question_texts(s, "en").get_mut("reason").unwrap().options.insert("network".into(), "Network".into());
    });
    rejects("texts.en.questions.colour", |s| {
        question_texts(s, "en")
            .insert("colour".into(), QuestionTexts { label: "Colour?".into(), options: BTreeMap::new() });
    });
    rejects("texts.en.questions.idea.label", |s| {
        question_texts(s, "en").get_mut("idea").unwrap().label = String::new()
    });
}

#[test]
fn every_problem_is_reported_at_once() {
    let keys = keys_after(|s| {
        s.slug = "Bad Slug".into();
        s.brand.colour = "red".into();
        s.texts.get_mut("en").unwrap().why = String::new();
    });
    assert_eq!(keys, ["slug", "brand.colour", "texts.en.why"]);
}
