//! Hosted tools' exports, from headers shaped like the real ones
//! (sources in `docs/import.md`).

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use super::tests::{ms, parse, parse_in};
use super::*;

fn attributes(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn id_key(id: &str) -> Option<[u8; 16]> {
    let digest = Sha256::digest(format!("id:{id}").as_bytes());
    Some(digest[..16].try_into().unwrap())
}

/// Three header rows; the second holds a question text with a line break,
/// so the ImportId row is on line 4 and the first response on line 5.
const QUALTRICS: &str = "\
StartDate,EndDate,Status,IPAddress,Progress,Duration (in seconds),Finished,RecordedDate,ResponseId,\
RecipientLastName,RecipientFirstName,RecipientEmail,ExternalReference,LocationLatitude,LocationLongitude,\
DistributionChannel,UserLanguage,Q_RecaptchaScore,Q1_NPS_GROUP,Q1,Q2,Q3,Q3_4_TEXT,Region
Start Date,End Date,Response Type,IP Address,Progress,Duration (in seconds),Finished,Recorded Date,Response ID,\
Recipient Last Name,Recipient First Name,Recipient Email,External Data Reference,Location Latitude,Location Longitude,\
Distribution Channel,User Language,Q_RecaptchaScore,How likely are you to recommend Acme to a friend or colleague? - Group,\
How likely are you to recommend Acme to a friend or colleague?,\"What is the main reason for your score?
(Please be specific)\",Which product do you use? - Selected Choice,Which product do you use? - Other - Text,Region
\"{\"\"ImportId\"\":\"\"startDate\"\",\"\"timeZone\"\":\"\"America/Denver\"\"}\",\"{\"\"ImportId\"\":\"\"endDate\"\",\"\"timeZone\"\":\"\"America/Denver\"\"}\",\
\"{\"\"ImportId\"\":\"\"status\"\"}\",\"{\"\"ImportId\"\":\"\"ipAddress\"\"}\",\"{\"\"ImportId\"\":\"\"progress\"\"}\",\
\"{\"\"ImportId\"\":\"\"duration\"\"}\",\"{\"\"ImportId\"\":\"\"finished\"\"}\",\
\"{\"\"ImportId\"\":\"\"recordedDate\"\",\"\"timeZone\"\":\"\"America/Denver\"\"}\",\"{\"\"ImportId\"\":\"\"_recordId\"\"}\",\
\"{\"\"ImportId\"\":\"\"recipientLastName\"\"}\",\"{\"\"ImportId\"\":\"\"recipientFirstName\"\"}\",\
\"{\"\"ImportId\"\":\"\"recipientEmail\"\"}\",\"{\"\"ImportId\"\":\"\"externalDataReference\"\"}\",\
\"{\"\"ImportId\"\":\"\"locationLatitude\"\"}\",\"{\"\"ImportId\"\":\"\"locationLongitude\"\"}\",\
\"{\"\"ImportId\"\":\"\"distributionChannel\"\"}\",\"{\"\"ImportId\"\":\"\"userLanguage\"\"}\",\
\"{\"\"ImportId\"\":\"\"Q_RecaptchaScore\"\"}\",\"{\"\"ImportId\"\":\"\"QID1_NPS_GROUP\"\"}\",\"{\"\"ImportId\"\":\"\"QID1\"\"}\",\
\"{\"\"ImportId\"\":\"\"QID2_TEXT\"\"}\",\"{\"\"ImportId\"\":\"\"QID3\"\"}\",\"{\"\"ImportId\"\":\"\"QID3_4_TEXT\"\"}\",\
\"{\"\"ImportId\"\":\"\"Region\"\"}\"
2024-05-01 09:12:03,2024-05-01 09:14:40,IP Address,203.0.113.9,100,157,True,2024-05-01 09:14:41,R_1a2B3c4D5e6F7g8,\
Lopez,Ana,Ana.Lopez@Example.com,CRM-0042,39.7392,-104.9903,email,EN,0.9,Promoter,10,\"Fast, friendly support\",Widget,,West
2024-05-02 17:30:00,2024-05-02 17:31:10,IP Address,198.51.100.4,100,70,True,2024-05-02 17:31:11,R_9z8Y7x6W5v4U3t2,\
,,,,,,anonymous,EN,0.8,Detractor,3,,Other,Gizmo Pro,
";

#[test]
fn qualtrics_exports_are_recognised_and_mapped() {
    let parsed = parse(QUALTRICS).unwrap();
    assert_eq!(parsed.format, Format::Qualtrics);
    assert_eq!(parsed.attribute_columns, ["ExternalReference", "Q3", "Q3_4_TEXT", "Region"]);
    let [first, second] = &parsed.rows[..] else { panic!("two rows expected, got {:?}", parsed.rows) };
    assert_eq!(first.score.value(), 10);
    assert_eq!(first.comment.as_deref(), Some("Fast, friendly support"));
    // The ImportId row says the dates are Denver time (MDT, UTC−6, in May).
    assert_eq!(first.submitted_at_ms, ms("2024-05-01T15:14:41Z"));
    assert_eq!(first.contact_email.as_deref(), Some("ana.lopez@example.com"));
    assert_eq!(first.channel.as_deref(), Some("email"));
    assert_eq!(first.language.as_deref(), Some("en"));
    assert_eq!(
        first.attributes,
        attributes(&[("ExternalReference", "CRM-0042"), ("Q3", "Widget"), ("Region", "West")])
    );
    assert_eq!(first.dedupe_key, id_key("R_1a2B3c4D5e6F7g8"));
    assert_eq!((second.score.value(), second.comment.as_ref()), (3, None));
    assert_eq!(second.attributes, attributes(&[("Q3", "Other"), ("Q3_4_TEXT", "Gizmo Pro")]));
}

#[test]
fn qualtrics_errors_count_lines_past_all_three_header_rows() {
    let broken = QUALTRICS.replace(",Detractor,3,", ",Detractor,,").replace("2024-05-02 17:31:11", "2024-05-02");
    let Err(ImportError::BadRows { errors, .. }) = parse(&broken) else { panic!("expected BadRows") };
    assert_eq!(errors, [LineError { line: 6, field: "Q1".into(), message: "is empty".into() }]);
}

#[test]
fn qualtrics_without_import_ids_uses_export_tags_and_the_organisations_zone() {
    let file = "StartDate,RecordedDate,ResponseId,nps_NPS_GROUP,nps,comment\n\
                Start Date,Recorded Date,Response ID,NPS - Group,NPS,Why?\n\
                2024-01-10 08:00:00,2024-01-10 08:01:00,R_abc,Passive,8,Decent\n";
    let parsed = parse_in(file, "Europe/Berlin").unwrap();
    assert_eq!(parsed.format, Format::Qualtrics);
    let row = &parsed.rows[0];
    assert_eq!((row.score.value(), row.comment.as_deref()), (8, Some("Decent")));
    assert_eq!(row.submitted_at_ms, ms("2024-01-10T07:01:00Z"));
}

#[test]
fn a_qualtrics_time_zone_unknown_here_is_refused() {
    let file = QUALTRICS.replace(
        "\"\"recordedDate\"\",\"\"timeZone\"\":\"\"America/Denver",
        "\"\"recordedDate\"\",\"\"timeZone\"\":\"\"Mars/Olympus",
    );
    let err = parse(&file).unwrap_err();
    assert_eq!(
        err,
        ImportError::BadHeader {
            line: 4,
            message: "RecordedDate: time zone \"Mars/Olympus\" is not known here".into()
        }
    );
}

const SURVEYMONKEY: &str = "\
Respondent ID,Collector ID,Start Date,End Date,IP Address,Email Address,First Name,Last Name,Custom Data 1,\
How likely is it that you would recommend Acme to a friend or colleague?,What is the main reason for your score?,\
Which of these did you use?,,,agent
,,,,,,,,,Response,Open-Ended Response,Phone,Chat,Other (please specify),Response
118052219061,446111201,06/10/2022 09:40:12 AM,06/10/2022 09:48:07 AM,163.116.162.124,Dana@Example.com,Dana,Cruz,\
store-12,9,\"Quick, polite\",Phone,,,Sam Lee
118052219062,446111201,06/11/2022 01:02:03 PM,06/11/2022 01:05:09 PM,,,,,,4,,,Chat,\"email, too\",
";

#[test]
fn surveymonkey_exports_are_recognised_and_mapped() {
    let parsed = parse_in(SURVEYMONKEY, "America/New_York").unwrap();
    assert_eq!(parsed.format, Format::SurveyMonkey);
    let used = "Which of these did you use?";
    let options = [format!("{used} - Phone"), format!("{used} - Chat"), format!("{used} - Other (please specify)")];
    assert_eq!(parsed.attribute_columns, ["Custom Data 1", &options[0], &options[1], &options[2]]);
    let [first, second] = &parsed.rows[..] else { panic!("two rows expected") };
    assert_eq!(first.score.value(), 9);
    assert_eq!(first.comment.as_deref(), Some("Quick, polite"));
    // End Date, in the organisation's zone (EDT, UTC−4).
    assert_eq!(first.submitted_at_ms, ms("2022-06-10T13:48:07Z"));
    assert_eq!(first.contact_email.as_deref(), Some("dana@example.com"));
    assert_eq!(first.agent.as_deref(), Some("Sam Lee"), "a column named like a Vocal field feeds it");
    assert_eq!(first.attributes, attributes(&[("Custom Data 1", "store-12"), (&options[0], "Phone")]));
    assert_eq!(first.dedupe_key, id_key("118052219061"));
    assert_eq!(second.submitted_at_ms, ms("2022-06-11T17:05:09Z"));
    assert_eq!(second.attributes, attributes(&[(&options[1], "Chat"), (&options[2], "email, too")]));
}

#[test]
fn a_surveymonkey_export_without_an_nps_question_says_what_is_missing() {
    let file = "Respondent ID,Collector ID,Start Date,End Date,How satisfied were you?\n,,,,Response\n1,2,3,4,5\n";
    let err = parse(file).unwrap_err();
    assert!(matches!(&err, ImportError::MissingColumn { column, .. } if column.contains("recommend")), "{err:?}");
}

const DELIGHTED: &str = "\
Response ID,Email,Name,Score,Comment,Response Timestamp,Notes,Tags,Delighted Source,Delighted Device Type,\
Delighted Country,Delighted Page URL,Locale,Plan
41235,ana@example.com,Ana Lopez,10,\"Love it, truly\",2024-05-01T09:30:00Z,Called back,\"pricing, onboarding\",Email,\
Desktop,US,https://example.com/pricing,es,Pro
41236,,,6,,1714555800,,,Web,Mobile,DE,,,
";

#[test]
fn delighted_exports_are_recognised_and_mapped() {
    let parsed = parse(DELIGHTED).unwrap();
    assert_eq!(parsed.format, Format::Delighted);
    assert_eq!(parsed.attribute_columns, ["Tags", "Delighted Device Type", "Delighted Country", "Plan"]);
    let [first, second] = &parsed.rows[..] else { panic!("two rows expected") };
    assert_eq!((first.score.value(), first.comment.as_deref()), (10, Some("Love it, truly")));
    assert_eq!(first.submitted_at_ms, ms("2024-05-01T09:30:00Z"));
    assert_eq!(first.channel.as_deref(), Some("email"));
    assert_eq!(first.language.as_deref(), Some("es"));
    assert_eq!(first.contact_email.as_deref(), Some("ana@example.com"));
    assert_eq!(
        first.attributes,
        attributes(&[
            ("Tags", "pricing, onboarding"),
            ("Delighted Device Type", "Desktop"),
            ("Delighted Country", "US"),
            ("Plan", "Pro")
        ])
    );
    assert_eq!(first.dedupe_key, id_key("41235"));
    assert_eq!(second.submitted_at_ms, 1_714_555_800_000);
    assert_eq!(second.channel.as_deref(), Some("web"));
}
