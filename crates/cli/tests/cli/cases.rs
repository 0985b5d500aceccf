//! `vocal cases list|show` and `vocal loop` on the demo's week of cases:
//! each filter agrees with the same filter applied by hand to the whole
//! list, the formats carry the same cases, the loop metrics count what the
//! list shows, and bad arguments are named.

use serde_json::Value;

use crate::{stderr, stdout, vocal};

fn cases(data: &std::path::Path, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["cases", "list", "--format", "json", "--limit", "100000"];
    all.extend_from_slice(args);
    let output = vocal(data, &all);
    assert!(output.status.success(), "{}", stderr(&output));
    let body: Value = serde_json::from_str(&stdout(&output)).unwrap();
    body["cases"].as_array().unwrap().clone()
}

fn ids(cases: &[Value]) -> Vec<i64> {
    cases.iter().map(|c| c["id"].as_i64().unwrap()).collect()
}

#[test]
fn the_filters_agree_with_a_filter_by_hand_and_bad_arguments_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("demo");
    // Enough answers that the last week holds a few dozen detractors whatever
    // the hour the test runs (4,000 gave 19 on one run, over 20 on others).
    let made = vocal(&data, &["demo", "--no-serve", "--responses", "8000"]);
    assert!(made.status.success(), "{}", stderr(&made));
    let all = cases(&data, &[]);
    assert!(all.len() > 20, "the demo's week opens cases: {}", all.len());
    assert!(ids(&all).windows(2).all(|w| w[0] > w[1]), "newest first");
    let by_hand = |keep: &dyn Fn(&Value) -> bool| ids(&all.iter().filter(|c| keep(c)).cloned().collect::<Vec<_>>());
    let open = |c: &Value| c["state"] == "new" || c["state"] == "contacted";
    assert_eq!(ids(&cases(&data, &["--state", "new,contacted"])), by_hand(&open));
    assert_eq!(ids(&cases(&data, &["--overdue"])), by_hand(&|c| c["overdue"] == true));
    assert_eq!(ids(&cases(&data, &["--owner", "none"])), by_hand(&|c| c["owner"].is_null()));
    let owner = all.iter().find_map(|c| c["owner"]["email"].as_str()).unwrap().to_string();
    assert_eq!(ids(&cases(&data, &["--owner", &owner.to_uppercase()])), by_hand(&|c| c["owner"]["email"] == *owner));
    let unit = all.iter().find_map(|c| c["unit"].as_str()).unwrap().to_string();
    let region = unit.rsplit_once('/').unwrap().0.to_string();
    let within = |c: &Value| c["unit"].as_str().is_some_and(|u| u.starts_with(&format!("{region}/")));
    assert_eq!(ids(&cases(&data, &["--unit", &region])), by_hand(&within));

    let csv = stdout(&vocal(&data, &["cases", "list", "--format", "csv", "--limit", "100000"]));
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let csv_ids: Vec<i64> = reader.records().map(|r| r.unwrap()[0].parse().unwrap()).collect();
    assert_eq!(csv_ids, ids(&all), "CSV holds the same cases");

    let first = all[0]["id"].as_i64().unwrap().to_string();
    let shown: Value =
        serde_json::from_str(&stdout(&vocal(&data, &["cases", "show", &first, "--format", "json"]))).unwrap();
    assert_eq!(shown["case"]["id"], all[0]["id"]);
    assert_eq!(shown["events"][0]["kind"], "opened");

    // The loop metrics' total counts what the list shows; each owner's row its cases.
    let metrics: Value =
        serde_json::from_str(&stdout(&vocal(&data, &["loop", "--by", "owner", "--format", "json"]))).unwrap();
    let total = &metrics["total"];
    assert_eq!(total["cases"].as_u64(), Some(all.len() as u64));
    assert_eq!(total["open"].as_u64(), Some(by_hand(&open).len() as u64));
    assert_eq!(total["overdue"].as_u64(), Some(by_hand(&|c| c["overdue"] == true).len() as u64));
    for group in metrics["groups"].as_array().unwrap() {
        let owned =
            by_hand(&|c| c["owner"]["email"] == group["group"] || (c["owner"].is_null() && group["group"].is_null()));
        assert_eq!(group["cases"].as_u64(), Some(owned.len() as u64), "{group}");
    }
    let table = stdout(&vocal(&data, &["loop"]));
    assert!(table.contains("(total)") && table.contains(&region), "{table}");

    for (args, named) in [
        (vec!["loop", "--by", "team"], "--by"),
        (vec!["loop", "--since", "2026-13-01"], "--since"),
        (vec!["cases", "list", "--state", "pending"], "--state"),
        (vec!["cases", "list", "--owner", "nobody@example.com"], "--owner"),
        (vec!["cases", "list", "--unit", "Nowhere"], "--unit"),
        (vec!["cases", "show", "999999"], "no case 999999"),
    ] {
        let output = vocal(&data, &args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        assert!(stderr(&output).contains(named), "{args:?}: {}", stderr(&output));
    }
}
