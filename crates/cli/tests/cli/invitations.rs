use std::collections::HashSet;
use std::path::Path;

use vocal_store::prelude::*;
use vocal_store_sqlite::SqliteStore;

use crate::surveys::survey_file;
use crate::{stderr, stdout, vocal};

/// A data directory holding the demo survey, and the directory around it.
fn with_survey() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, file) = survey_file(|text| text);
    let data = dir.path().join("data");
    let applied = vocal(&data, &["survey", "apply", file.to_str().unwrap()]);
    assert!(applied.status.success(), "{}", stderr(&applied));
    (dir, data)
}

fn read_csv(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader.records().map(|r| r.unwrap().iter().map(String::from).collect()).collect();
    (header, rows)
}

/// The context attributes of a stored invitation, `None` when there is none.
fn stored_attributes(data: &Path, id: i64) -> Option<std::collections::BTreeMap<String, String>> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let store = SqliteStore::open_dir(data).await.unwrap();
        let org = store.list_orgs().await.unwrap().remove(0);
        store.invitation(org.id, vocal_domain::InvitationId(id)).await.unwrap().map(|i| i.context.attributes)
    })
}

#[test]
fn a_contacts_file_becomes_one_row_of_links_per_contact() {
    let (dir, data) = with_survey();
    let contacts = dir.path().join("contacts.csv");
    std::fs::write(
        &contacts,
        "Email,name,Plan,note\n\
         ana@example.com,Ana,Gold,\"two\nlines\"\n\
         bob@example.com,Bob,Silver,\n\
         carla@example.com,Carla,,x\n",
    )
    .unwrap();
    let out = dir.path().join("links.csv");
    let args = ["--public-url", "https://nps.example.com/", "invitations", "create", "--survey", "relationship"];
    let output = vocal(&data, &[&args[..], &[contacts.to_str().unwrap(), "--out", out.to_str().unwrap()]].concat());
    assert!(output.status.success(), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(message.starts_with("created 3 invitations for survey relationship; links in "), "{message}");
    assert!(message.contains("links.csv (expire 20"), "{message}");
    assert!(!message.contains("warning"), "{message}");
    assert_eq!(stdout(&output), "");

    let (header, rows) = read_csv(&std::fs::read_to_string(&out).unwrap());
    let scores: Vec<String> = (0..=10).map(|n| format!("score_{n}")).collect();
    let mut expected = vec!["Email", "name", "Plan", "note", "invitation_id", "expires_at", "survey_url"];
    expected.extend(scores.iter().map(String::as_str));
    assert_eq!(header, expected);
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0][..4], ["ana@example.com", "Ana", "Gold", "two\nlines"]);
    let mut tokens = HashSet::new();
    for row in &rows {
        let survey_url = &row[6];
        assert!(survey_url.starts_with("https://nps.example.com/s/"), "{survey_url}");
        tokens.insert(survey_url.clone());
        for (n, link) in row[7..].iter().enumerate() {
            assert_eq!(link, &format!("{survey_url}?score={n}"));
        }
    }
    assert_eq!(tokens.len(), 3, "every contact has its own token");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().filter_map(Result::ok).collect();
    assert!(leftovers.iter().all(|e| !e.file_name().to_string_lossy().ends_with(".tmp")), "no temporary file left");

    let ids: Vec<i64> = rows.iter().map(|row| row[4].parse().unwrap()).collect();
    let ana = stored_attributes(&data, ids[0]).expect("stored");
    assert_eq!(ana.get("Plan").map(String::as_str), Some("Gold"));
    assert_eq!(ana.get("note").map(String::as_str), Some("two\nlines"));
    assert!(!stored_attributes(&data, ids[2]).unwrap().contains_key("Plan"), "blank cells are left out");

    let html = vocal(&data, &["--public-url", "https://nps.example.com", "invitations", "email-html", &rows[1][4]]);
    assert!(html.status.success(), "{}", stderr(&html));
    assert!(stdout(&html).contains(&format!("{}?score=10", rows[1][6])), "{}", stdout(&html));
}

#[test]
fn without_out_the_links_go_to_stdout_with_a_warning_about_a_local_address() {
    let (dir, data) = with_survey();
    let contacts = dir.path().join("contacts.csv");
    std::fs::write(&contacts, "phone,channel\n+44 20 7946 0958,SMS\n").unwrap();
    let output = vocal(&data, &["invitations", "create", "--survey", "relationship", contacts.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("warning: the links start with http://127.0.0.1"), "{}", stderr(&output));
    assert!(stderr(&output).contains("links in standard output"), "{}", stderr(&output));
    let (header, rows) = read_csv(&stdout(&output));
    assert_eq!(header.len(), 2 + 3 + 11);
    assert_eq!(rows.len(), 1);
    assert!(rows[0][4].starts_with("http://127.0.0.1:8080/s/"), "{:?}", rows[0]);
}

#[test]
fn a_bad_row_names_its_line_and_nothing_is_stored_or_written() {
    let (dir, data) = with_survey();
    let contacts = dir.path().join("contacts.csv");
    std::fs::write(
        &contacts,
        "email,language,plan\nana@example.com,en,Gold\nbob@,en,Gold\n,,\ncarla@example.com,??,x\n",
    )
    .unwrap();
    let out = dir.path().join("links.csv");
    let args = ["invitations", "create", "--survey", "relationship", contacts.to_str().unwrap(), "--out"];
    let output = vocal(&data, &[&args[..], &[out.to_str().unwrap()]].concat());
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    let path = contacts.display().to_string();
    assert!(message.contains(&format!("{path}: line 3, email: \"bob@\" is not an email address")), "{message}");
    assert!(message.contains(&format!("{path}: line 5, language: ")), "{message}");
    assert!(message.contains("2 problem(s); nothing was stored"), "{message}");
    assert!(!out.exists(), "no output file");
    let leftovers = std::fs::read_dir(dir.path()).unwrap().filter_map(Result::ok);
    assert!(leftovers.into_iter().all(|e| !e.file_name().to_string_lossy().ends_with(".tmp")));
    assert_eq!(stored_attributes(&data, 1), None, "nothing stored");
}

#[test]
fn an_unknown_survey_stores_and_writes_nothing() {
    let (dir, data) = with_survey();
    let contacts = dir.path().join("contacts.csv");
    std::fs::write(&contacts, "email\nana@example.com\n").unwrap();
    let out = dir.path().join("links.csv");
    let args = ["invitations", "create", "--survey", "nope", contacts.to_str().unwrap(), "--out"];
    let output = vocal(&data, &[&args[..], &[out.to_str().unwrap()]].concat());
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("no survey \"nope\""), "{}", stderr(&output));
    assert!(!out.exists());
    assert_eq!(stored_attributes(&data, 1), None);
}
