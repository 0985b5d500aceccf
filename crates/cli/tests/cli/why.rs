//! `vocal why` and `vocal themes apply|show`, on answers whose figures are
//! worked by hand.

use crate::{stderr, stdout, vocal};

const THEMES: &str = r#"
[[theme]]
slug = "billing"
name = { en = "Billing" }
phrases = { en = ["charged", "bill"] }
"#;

/// 4 detractors who were charged twice, 1 promoter who liked the bill,
/// 5 promoters without a word on it: NPS +20 overall; billing −60, the rest
/// +100, so billing costs 20 − 100 = −80 points.
fn answers() -> String {
    let mut csv = String::from("submitted_at,score,comment,language\n");
    for day in 1..=4 {
        csv.push_str(&format!("2026-03-0{day},2,They charged me twice,en\n"));
    }
    csv.push_str("2026-03-05,9,The bill was clear,en\n");
    for day in 6..=9 {
        csv.push_str(&format!("2026-03-0{day},10,Great people,en\n"));
    }
    csv.push_str("2026-03-10,10,,\n");
    csv
}

#[test]
fn why_names_what_a_theme_costs_and_a_bad_taxonomy_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let file = dir.path().join("answers.csv");
    std::fs::write(&file, answers()).unwrap();
    let imported = vocal(&data, &["import", "responses", file.to_str().unwrap()]);
    assert!(imported.status.success(), "{}", stderr(&imported));

    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, THEMES.replace("billing", "Billing!").replace("[\"charged\", \"bill\"]", "[\"\"]")).unwrap();
    let refused = vocal(&data, &["themes", "apply", bad.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(1));
    let message = stderr(&refused);
    assert!(message.contains("theme[0].slug"), "names the slug: {message}");
    assert!(message.contains("theme[0].phrases.en[0]"), "and the empty phrase: {message}");
    assert!(message.contains("nothing was stored"), "{message}");
    assert!(stderr(&vocal(&data, &["themes", "show"])).contains("default"), "still the default");

    let good = dir.path().join("themes.toml");
    std::fs::write(&good, THEMES).unwrap();
    let applied = vocal(&data, &["themes", "apply", good.to_str().unwrap()]);
    assert!(applied.status.success(), "{}", stderr(&applied));
    assert!(stdout(&applied).starts_with("applied 1 themes"), "{}", stdout(&applied));
    assert_eq!(stdout(&vocal(&data, &["themes", "show"])), THEMES, "kept as written");

    let json = vocal(&data, &["why", "--format", "json", "--min-n", "1"]);
    assert!(json.status.success(), "{}", stderr(&json));
    let report: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!((report["responses"].as_u64(), report["comments"].as_u64()), (Some(10), Some(9)));
    let billing = &report["themes"][0];
    assert_eq!(billing["theme"], "billing");
    assert_eq!(billing["mentions"], 5);
    assert_eq!(billing["nps_with"]["nps"].as_f64(), Some(-60.0));
    assert_eq!(billing["nps_without"]["nps"].as_f64(), Some(100.0));
    assert!((billing["impact"].as_f64().unwrap() + 80.0).abs() < 1e-9, "{billing}");

    let from_march_fifth = vocal(&data, &["why", "--format", "json", "--since", "2026-03-05", "--min-n", "1"]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&from_march_fifth)).unwrap();
    assert_eq!(report["responses"].as_u64(), Some(6), "the period is honoured");
    let table = stdout(&vocal(&data, &["why"]));
    assert!(table.contains("billing") && table.contains("-80.0"), "{table}");
    let csv = stdout(&vocal(&data, &["why", "--format", "csv"]));
    assert!(csv.starts_with("theme,mentions,"), "{csv}");
}

#[test]
fn compare_names_the_words_of_each_channel_and_refuses_a_bad_pair() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut csv = String::from("submitted_at,score,comment,language,channel\n");
    for i in 0..30 {
        csv.push_str(&format!("2026-04-{:02},4,On hold for ages: {i} minutes of hold music,en,phone\n", 1 + i % 28));
        csv.push_str(&format!("2026-04-{:02},9,The chat bot fixed it in {i} minutes,en,chat\n", 1 + i % 28));
    }
    let file = dir.path().join("answers.csv");
    std::fs::write(&file, csv).unwrap();
    assert!(vocal(&data, &["import", "responses", file.to_str().unwrap()]).status.success());

    let json = vocal(&data, &["why", "--compare", "channel=phone,chat", "--format", "json"]);
    assert!(json.status.success(), "{}", stderr(&json));
    let report: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!((report["a"]["value"].as_str(), report["a"]["responses"].as_u64()), (Some("phone"), Some(30)));
    assert_eq!(report["b"]["nps"]["nps"].as_f64(), Some(100.0), "chat: 30 promoters");
    let side_of = |word: &str| {
        report["terms"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["term"] == word)
            .map(|t| t["side"].as_str().unwrap().to_string())
    };
    assert_eq!(side_of("hold").as_deref(), Some("phone"), "{report}");
    assert_eq!(side_of("bot").as_deref(), Some("chat"));
    assert_eq!(side_of("minutes"), None, "both channels say it");

    let bad = vocal(&data, &["why", "--compare", "channel=phone"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(stderr(&bad).contains("--compare: expected two values"), "{}", stderr(&bad));
}
