//! Shared fixtures for the survey page tests.

mod email;
mod form;
mod pages;
mod samples;

use std::collections::BTreeMap;

use vocal_domain::survey::{
    Brand, ExtraQuestion, Logo, PublicLink, QuestionKind, QuestionTexts, SurveyDefinition, SurveyTexts,
};

use super::SurveyForm;

/// An extra question's id, label and (choice questions only) option labels.
type QuestionWords<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);

fn texts(question: &str, why: [&str; 4], thank_you: &str, questions: &[QuestionWords<'_>]) -> SurveyTexts {
    SurveyTexts {
        question: question.into(),
        why: why[0].into(),
        why_detractor: Some(why[1].into()),
        why_passive: Some(why[2].into()),
        why_promoter: Some(why[3].into()),
        thank_you: thank_you.into(),
        questions: questions
            .iter()
            .map(|(id, label, options)| {
                let options = options.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
                (id.to_string(), QuestionTexts { label: label.to_string(), options })
            })
            .collect(),
    }
}

/// A survey in English, French and Japanese with a choice and a text question.
pub(crate) fn sample_definition() -> SurveyDefinition {
    let en = texts(
        "How likely are you to recommend Northwind Telecom to a friend or colleague?",
        [
            "What is the main reason for your score?",
            "We're sorry to hear that. What could we have done better?",
            "Thanks! What would make us a 10 for you?",
            "Wonderful! What do you like most about us?",
        ],
        "Thank you for your feedback! It goes straight to the team that looks after your account.",
        &[
            ("channel", "How did you contact us?", &[("phone", "By phone"), ("chat", "Chat"), ("email", "Email")]),
            ("agent_name", "Who helped you?", &[]),
        ],
    );
    let fr = texts(
        "Quelle est la probabilité que vous recommandiez Northwind Telecom à un ami ou à un collègue ?",
        [
            "Quelle est la principale raison de votre note ?",
            "Nous en sommes désolés. Qu’aurions-nous pu mieux faire ?",
            "Merci ! Que faudrait-il pour que vous nous donniez 10 ?",
            "Merci beaucoup ! Qu’appréciez-vous le plus chez nous ?",
        ],
        "Merci pour votre avis !",
        &[
            (
                "channel",
                "Comment nous avez-vous contactés ?",
                &[("phone", "Par téléphone"), ("chat", "Par chat"), ("email", "Par e-mail")],
            ),
            ("agent_name", "Qui vous a aidé ?", &[]),
        ],
    );
    let ja = texts(
        "Northwind Telecomを友人や同僚に薦める可能性はどのくらいありますか？",
        [
            "そのスコアを付けた一番の理由は何ですか？",
            "ご不便をおかけし申し訳ありません。何を改善すべきでしょうか？",
            "ありがとうございます。10点にするには何が必要でしょうか？",
            "ありがとうございます！特に気に入っている点は何ですか？",
        ],
        "ご協力ありがとうございました。",
        &[
            (
                "channel",
                "どの方法でお問い合わせいただきましたか？",
                &[("phone", "電話"), ("chat", "チャット"), ("email", "メール")],
            ),
            ("agent_name", "担当者の名前", &[]),
        ],
    );
    SurveyDefinition {
        slug: "support-2026".into(),
        name: "Support follow-up (internal name)".into(),
        default_language: "en".into(),
        edit_window_hours: 48,
        redirect_url: None,
        redirect_hosts: vec!["northwind.example".into()],
        brand: Brand { organisation: "Northwind Telecom".into(), colour: "#0b7a75".into(), logo: Some(sample_logo()) },
        public_link: PublicLink::default(),
        questions: vec![
            ExtraQuestion {
                id: "channel".into(),
                kind: QuestionKind::Choice { options: vec!["phone".into(), "chat".into(), "email".into()] },
                required: true,
            },
            ExtraQuestion { id: "agent_name".into(), kind: QuestionKind::Text { max_length: 200 }, required: false },
        ],
        texts: [("en", en), ("fr", fr), ("ja", ja)].into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
    }
}

/// A small SVG wordmark, as a survey would store it.
pub(crate) fn sample_logo() -> Logo {
    const SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" viewBox="0 0 40 40"><rect width="40" height="40" rx="8" fill="#0b7a75"/><path d="M11 29V11l18 18V11" fill="none" stroke="#fff" stroke-width="4" stroke-linejoin="round"/></svg>"##;
    Logo { content_type: "image/svg+xml".into(), base64: base64(SVG.as_bytes()) }
}

/// Standard base64, enough for fixtures.
pub(crate) fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A plain form for `definition` in `language`, nothing chosen.
pub(crate) fn form<'a>(definition: &'a SurveyDefinition, language: &'a str) -> SurveyForm<'a> {
    SurveyForm {
        definition,
        language,
        action: "/s/tok_3fa9c2".into(),
        selected: None,
        comment: String::new(),
        answers: BTreeMap::new(),
        errors: BTreeMap::new(),
        read_only: false,
        script_nonce: Some("n0nce".into()),
        autosubmit_score: false,
        honeypot: false,
        hidden: vec![("form_token".into(), "ft_91b2".into())],
    }
}

/// The values of every `name="…"` attribute in `html`, in order.
pub(crate) fn attribute_values<'h>(html: &'h str, name: &str) -> Vec<&'h str> {
    let needle = format!(" {name}=\"");
    html.match_indices(&needle)
        .map(|(at, _)| {
            let rest = &html[at + needle.len()..];
            &rest[..rest.find('"').unwrap_or(rest.len())]
        })
        .collect()
}

#[test]
fn fixture_base64_is_standard() {
    assert_eq!(base64(b"Man"), "TWFu");
    assert_eq!(base64(b"Ma"), "TWE=");
    assert_eq!(base64(b"M"), "TQ==");
}
