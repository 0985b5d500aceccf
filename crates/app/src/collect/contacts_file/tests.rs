//! Contacts files, each case written out.

use super::*;

const DEFAULTS: Defaults<'static> = Defaults { survey: "relationship", channel: "email", expires_in_days: 30 };

fn parse(text: &str) -> Result<ContactsFile, Vec<String>> {
    parse_contacts(text.as_bytes(), &DEFAULTS).map_err(|p| p.iter().map(ToString::to_string).collect())
}

#[test]
fn known_columns_fill_the_invitation_and_others_become_attributes() {
    let file = parse(
        " Email ,NAME,language,account,unit,agent,touchpoint,Channel,expires_in_days,plan\n\
         ana@example.com,Ana,fr,ACME,EMEA/Paris,Luc,renewal,SMS,7,Gold\n\
         bob@example.com,,,,,,,,,\n",
    )
    .unwrap();
    assert_eq!(file.header[0], " Email ");
    let [ana, bob] = &file.rows[..] else { panic!("two rows") };
    assert_eq!((ana.line, bob.line), (2, 3));
    let a = &ana.input;
    assert_eq!(a.survey, "relationship");
    assert_eq!(a.contact.email.as_deref(), Some("ana@example.com"));
    assert_eq!(a.contact.name.as_deref(), Some("Ana"));
    assert_eq!((a.language.as_deref(), a.contact.language.as_deref()), (Some("fr"), Some("fr")));
    assert_eq!((a.account.as_deref(), a.contact.account.as_deref()), (Some("ACME"), Some("ACME")));
    assert_eq!((a.unit.as_deref(), a.agent.as_deref()), (Some("EMEA/Paris"), Some("Luc")));
    assert_eq!((a.channel.as_str(), a.expires_in_days), ("SMS", Some(7)));
    assert_eq!(a.attributes.get("plan").map(String::as_str), Some("Gold"));
    let b = &bob.input;
    assert_eq!((b.channel.as_str(), b.expires_in_days), ("email", Some(30)));
    assert!(b.attributes.is_empty() && b.contact.name.is_none());
}

#[test]
fn lines_follow_quoted_cells_over_several_lines() {
    let file = parse("email,note\na@example.com,\"two\nlines\"\n\nb@example.com,x\n").unwrap();
    assert_eq!(file.rows.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 5]);
    let crlf = parse("email\r\na@example.com\r\n\r\n\r\nb@example.com\r\n").unwrap();
    assert_eq!(crlf.rows.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 5]);
    let errors = vec![FieldError::new("invitations[1].contact.email", "bad"), FieldError::new("invitations", "x")];
    let located: Vec<String> = file.locate(errors).iter().map(ToString::to_string).collect();
    assert_eq!(located, ["line 5, email: bad", "invitations: x"]);
}

#[test]
fn invite_errors_name_the_column_as_written_once() {
    let file = parse("EMAIL,Language\nx,zz\n").unwrap();
    let errors = vec![
        FieldError::new("invitations[0].contact.email", "\"x\" is not an email address"),
        FieldError::new("invitations[0].contact.language", "bad tag"),
        FieldError::new("invitations[0].language", "bad tag"),
        FieldError::new("invitations[0].contact", "needs an email or a phone number"),
    ];
    let located: Vec<String> = file.locate(errors).iter().map(ToString::to_string).collect();
    assert_eq!(
        located,
        [
            "line 2, EMAIL: \"x\" is not an email address",
            "line 2, Language: bad tag",
            "line 2, contact: needs an email or a phone number"
        ]
    );
}

#[test]
fn header_problems_are_all_listed() {
    let errors = parse("name,Name,,score,survey_url,plan:code\nAna,Ana,,1,u,x\n").unwrap_err();
    assert_eq!(errors.len(), 6, "{errors:?}");
    assert!(errors[0].starts_with("line 1, Name: names two columns"), "{errors:?}");
    assert!(errors[1].starts_with("line 1, column 3: has no name"), "{errors:?}");
    assert!(errors[2].starts_with("line 1, score: score is a built-in field"), "{errors:?}");
    assert!(errors[3].starts_with("line 1, survey_url: is a column the output adds"), "{errors:?}");
    assert!(errors[4].starts_with("line 1, plan:code: attribute names cannot contain"), "{errors:?}");
    assert_eq!(errors[5], "line 1, header: needs an email or a phone column");
}

#[test]
fn row_problems_name_their_lines() {
    let errors = parse("email,expires_in_days\na@example.com,soon\nb@example.com,3,extra\n,\n").unwrap_err();
    assert_eq!(
        errors,
        [
            "line 2, expires_in_days: \"soon\" is not a whole number of days",
            "line 3, row: has 3 cells; the header names 2 columns"
        ]
    );
    assert_eq!(parse("").unwrap_err(), ["file: is empty; its first line names the columns"]);
    assert_eq!(parse("email\n").unwrap_err(), ["file: has no contacts under its header"]);
    let latin1 = b"email,name\na@example.com,Jos\xe9\n";
    let errors = parse_contacts(latin1, &DEFAULTS).unwrap_err();
    assert_eq!(errors[0].to_string(), "line 2, row: is not UTF-8 text; save the file as CSV UTF-8");
}

#[test]
fn a_byte_order_mark_and_short_rows_are_accepted() {
    let file = parse("\u{feff}email,phone,name\na@example.com\n").unwrap();
    assert_eq!(file.header, ["email", "phone", "name"]);
    assert_eq!(file.rows[0].cells, ["a@example.com", "", ""]);
}
