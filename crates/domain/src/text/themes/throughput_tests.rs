//! How many comments a second the default taxonomy matches, on synthetic
//! comments of realistic length. Ignored (it measures, it does not check);
//! the figures are in `docs/themes.md`:
//! `cargo test --release -p vocal-domain -- --ignored themes_throughput --nocapture`

use std::time::Instant;

use super::Taxonomy;

/// Words a comment is made of in each language: about one in eight is part
/// of a phrase, the rest is filler.
const WORDS: &[(&str, &str)] = &[
    (
        "en",
        "the agent was really not rude but i waited on hold for ages and my bill is wrong again \
         so i will switch provider because the internet keeps dropping every evening thanks for nothing \
         honestly it was fine today and the staff in the store were helpful with my new phone",
    ),
    (
        "de",
        "ich habe sehr lange gewartet und die Rechnung ist falsch aber der Mitarbeiter war freundlich \
         und das Internet fällt ständig aus heute war alles in Ordnung danke für die schnelle Hilfe",
    ),
    (
        "fr",
        "j'ai attendu longtemps au téléphone et la facture est fausse mais le conseiller était aimable \
         et la box coupe tous les soirs sinon tout va bien merci pour votre aide",
    ),
    (
        "es",
        "esperé mucho al teléfono y la factura está mal pero el agente fue amable y el internet se corta \
         todas las noches por lo demás todo bien gracias por la ayuda",
    ),
    (
        "ja",
        "電話がなかなかつながりませんでした。料金が高すぎます。担当者の対応は丁寧でしたが、請求書が間違っていました。",
    ),
];

/// A deterministic stream of comments of 5 to 60 words (Japanese: 10 to 60 characters).
fn comments(count: usize) -> Vec<(&'static str, String)> {
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |bound: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        usize::try_from(state % bound as u64).unwrap_or_default()
    };
    (0..count)
        .map(|_| {
            let (language, words) = WORDS[next(WORDS.len())];
            let comment = if language == "ja" {
                let chars: Vec<char> = words.chars().collect();
                let start = next(chars.len() - 10);
                chars[start..(start + 10 + next(50)).min(chars.len())].iter().collect()
            } else {
                let words: Vec<&str> = words.split_whitespace().collect();
                (0..5 + next(56)).map(|_| words[next(words.len())]).collect::<Vec<_>>().join(" ")
            };
            (language, comment)
        })
        .collect()
}

#[test]
#[ignore = "a measurement, run with --release --nocapture"]
fn themes_throughput() {
    let started = Instant::now();
    let matcher = Taxonomy::default_customer_service().compile();
    println!("compiling the default taxonomy: {:.1} ms", started.elapsed().as_secs_f64() * 1e3);
    let comments = comments(200_000);
    let bytes: usize = comments.iter().map(|(_, comment)| comment.len()).sum();
    for (label, known) in [("language known", true), ("language unknown (every language)", false)] {
        let started = Instant::now();
        let mut themes = 0;
        for (language, comment) in &comments {
            themes += matcher.themes_of(comment, known.then_some(*language)).len();
        }
        let seconds = started.elapsed().as_secs_f64();
        println!(
            "{label}: {:.0} comments/s, {:.1} MB/s, {:.2} themes per comment",
            comments.len() as f64 / seconds,
            bytes as f64 / seconds / 1e6,
            themes as f64 / comments.len() as f64,
        );
    }
}
