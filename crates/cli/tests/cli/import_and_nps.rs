use crate::{stderr, stdout, vocal, with_csv};

/// Worked by hand: email has 10, 9, 4 → 2 promoters, 1 detractor of 3 = 33.3;
/// phone has 7, 6 → 0 promoters, 1 detractor of 2 = −50; overall 2 − 2 of 5 = 0.
const CSV: &str = "\u{feff}submitted_at,score,comment,channel,unit,plan\r\n\
2026-01-05,10,\"Great, really \"\"great\"\" 🎉\",email,Acme/East,Gold\r\n\
2026-01-06T10:00:00Z,9,\"two\nlines\",email,Acme/East/Reno,Gold\r\n\
2026-01-07,4,很好,email,Acme/West,Basic\r\n\
2026-02-01,7,,phone,Acme/West,Basic\r\n\
2026-02-02,6,slow,phone,Acme/East,\r\n";

#[test]
fn import_then_nps_by_channel_as_json() {
    let (dir, file) = with_csv(CSV);
    let data = dir.path().join("data");
    let imported = vocal(&data, &["import", "responses", file.to_str().unwrap()]);
    assert!(imported.status.success(), "{}", stderr(&imported));
    assert!(stdout(&imported).contains("imported 5 responses"), "{}", stdout(&imported));

    let output = vocal(&data, &["nps", "--by", "channel", "--format", "json", "--min-n", "1"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(report["overall"]["n"], 5);
    assert_eq!(report["overall"]["nps"], 0.0);
    let email = &report["groups"][0];
    assert_eq!(email["key"], serde_json::json!({ "channel": "email" }));
    assert!((email["nps"].as_f64().unwrap() - 100.0 / 3.0).abs() < 1e-9);
    let phone = &report["groups"][1];
    assert_eq!(phone["nps"], -50.0);
    assert_eq!(phone["passives"], 1);
}

#[test]
fn importing_the_same_file_twice_stores_nothing_twice() {
    let (dir, file) = with_csv(CSV);
    let data = dir.path().join("data");
    assert!(vocal(&data, &["import", "responses", file.to_str().unwrap()]).status.success());
    let again = vocal(&data, &["import", "responses", file.to_str().unwrap()]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        stdout(&again).contains("imported 0 responses") && stdout(&again).contains("5 already stored"),
        "{}",
        stdout(&again)
    );
    let output = vocal(&data, &["nps", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(report["overall"]["n"], 5);
}

#[test]
fn a_unit_figure_includes_its_subtree_and_attributes_filter() {
    let (dir, file) = with_csv(CSV);
    let data = dir.path().join("data");
    assert!(vocal(&data, &["import", "responses", file.to_str().unwrap()]).status.success());
    // Acme/East holds 10, 9 (in Reno below it) and 6.
    let output = vocal(&data, &["nps", "--where", "unit=Acme/East", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(report["overall"]["n"], 3);
    assert_eq!(report["overall"]["promoters"], 2);
    let output = vocal(&data, &["nps", "--where", "plan=Gold", "--format", "csv"]);
    let csv = stdout(&output);
    assert!(csv.starts_with("n,promoters,passives,detractors,nps,"), "{csv}");
    assert!(csv.lines().nth(1).unwrap().starts_with("2,2,0,0,100.0000"), "{csv}");
}

#[test]
fn the_table_is_aligned_and_marks_small_groups() {
    let (dir, file) = with_csv(CSV);
    let data = dir.path().join("data");
    assert!(vocal(&data, &["import", "responses", file.to_str().unwrap()]).status.success());
    let output = vocal(&data, &["nps", "--by", "month"]);
    let table = stdout(&output);
    assert!(table.contains("2026-01") && table.contains("2026-02"), "{table}");
    assert!(table.contains("low sample (n < 30)"), "{table}");
    let widths: Vec<usize> = table.lines().map(|l| l.chars().count()).collect();
    assert!(widths.windows(2).all(|w| w[0] == w[1]), "rows differ in width:\n{table}");
}
