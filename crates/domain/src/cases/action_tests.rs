use super::*;

fn note(text: &str) -> CaseAction {
    CaseAction::Note { text: text.into() }
}

fn resolved(root: &str, text: &str) -> CaseAction {
    CaseAction::Resolved { root_cause: root.into(), resolution: text.into() }
}

#[test]
fn an_open_case_moves_forward_and_a_done_one_takes_only_notes() {
    use CaseState::*;
    let call = CaseAction::Contacted { via: ContactVia::Call, text: "Called, will refund".into() };
    let close = CaseAction::Closed { reason: "unreachable".into() };
    // (action, from, expected) worked out from the life cycle new → contacted → resolved | closed.
    let table = [
        (&call, New, Ok(Contacted)),
        (&call, Contacted, Ok(Contacted)),
        (&resolved("Billing", "refunded"), New, Ok(Resolved)),
        (&resolved("Billing", "refunded"), Contacted, Ok(Resolved)),
        (&close, New, Ok(Closed)),
        (&close, Contacted, Ok(Closed)),
        (&note("later"), Resolved, Ok(Resolved)),
        (&note("later"), Closed, Ok(Closed)),
    ];
    for (action, from, expected) in table {
        assert_eq!(action.next_state(from, None), expected, "{action:?} from {from}");
    }
    for from in [Resolved, Closed] {
        for action in [&call, &close, &resolved("Billing", "x")] {
            assert!(matches!(action.next_state(from, None), Err(ActionError::Done { .. })), "{action:?} from {from}");
        }
    }
}

#[test]
fn required_texts_and_the_root_cause_are_named_when_missing() {
    let field = |action: CaseAction| match action.next_state(CaseState::New, None) {
        Err(ActionError::Field { field, .. }) => field,
        other => panic!("expected a field error, got {other:?}"),
    };
    assert_eq!(field(note("  ")), "text");
    assert_eq!(field(resolved("", "refunded")), "root_cause");
    assert_eq!(field(resolved("Billing", "")), "resolution");
    assert_eq!(field(CaseAction::Closed { reason: "\n".into() }), "reason");
    assert_eq!(field(note(&"x".repeat(MAX_TEXT_CHARS + 1))), "text");
    // A contact may be logged without words.
    let silent = CaseAction::Contacted { via: ContactVia::Other, text: String::new() };
    assert_eq!(silent.next_state(CaseState::New, None), Ok(CaseState::Contacted));
}

#[test]
fn a_reassignment_must_change_the_owner() {
    let to = UserId(7);
    let action = CaseAction::Reassigned { to, note: String::new() };
    assert_eq!(action.next_state(CaseState::Contacted, Some(UserId(3))), Ok(CaseState::Contacted));
    assert_eq!(action.next_state(CaseState::New, Some(to)), Err(ActionError::SameOwner));
    assert!(matches!(action.next_state(CaseState::Resolved, None), Err(ActionError::Done { .. })));
}

#[test]
fn ways_of_contact_read_back() {
    for via in [ContactVia::Call, ContactVia::Email, ContactVia::Other] {
        assert_eq!(ContactVia::parse(via.as_str()), Ok(via));
    }
    assert!(ContactVia::parse("fax").is_err());
}
