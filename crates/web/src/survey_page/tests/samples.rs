//! Writes sample pages to `/tmp/survey-pages` to look at in a browser:
//! `cargo test -p vocal-web survey_page -- --ignored`.

use super::{form, sample_definition};
use crate::survey_page::{Notice, error_text, render_email_block, render_form, render_notice, render_thank_you};
use vocal_app::collect::answers::FormProblem;

#[test]
#[ignore = "writes files for a person to look at"]
fn write_sample_pages() {
    let dir = std::path::Path::new("/tmp/survey-pages");
    std::fs::create_dir_all(dir).unwrap();
    let write = |name: &str, html: String| std::fs::write(dir.join(name), html).unwrap();
    let definition = sample_definition();

    write("form-en.html", render_form(&form(&definition, "en")));
    let mut selected = form(&definition, "fr");
    selected.selected = Some(9);
    selected.autosubmit_score = true;
    selected.answers.insert("channel".into(), "chat".into());
    write("form-fr-selected.html", render_form(&selected));
    let mut errors = form(&definition, "en");
    errors.comment = "The technician was late twice.".into();
    errors.errors.insert("score".into(), error_text("en", FormProblem::ScoreMissing));
    errors.errors.insert("channel".into(), error_text("en", FormProblem::Required));
    write("form-en-errors.html", render_form(&errors));
    let mut ja = form(&definition, "ja");
    ja.selected = Some(3);
    write("form-ja.html", render_form(&ja));
    let mut ar_definition = definition.clone();
    let ar = ar_definition.texts["en"].clone();
    ar_definition.texts.insert("ar".into(), ar);
    write("form-ar.html", render_form(&form(&ar_definition, "ar")));

    write(
        "thanks-en.html",
        render_thank_you(
            &definition,
            "en",
            None,
            Some("14 March 2026, 14:00".into()),
            Some("/s/t?edit=1".into()),
            None,
        ),
    );
    write("notice-expired-de.html", render_notice(Notice::Expired, "de", None));
    let urls: [String; 11] = std::array::from_fn(|n| format!("https://vocal.example/s/tok?score={n}"));
    let block = render_email_block(&definition, "en", &urls, "https://vocal.example/s/tok");
    write(
        "email-en.html",
        format!(
            "<!doctype html><meta charset=utf-8><body style=\"margin:0;padding:16px;font-family:Arial\"><p>Hi Sam,</p>{block}</body>"
        ),
    );
}
