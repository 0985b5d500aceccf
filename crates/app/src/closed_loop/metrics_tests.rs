use vocal_domain::cases::CaseState;
use vocal_domain::{CaseId, OrgId, ResponseId};
use vocal_store::Case;

use super::{MEDIAN_WINDOW_MS, first_contact_waits, median};

const HOUR: i64 = 3_600_000;

fn case(id: i64, opened_at_ms: i64, first_contact_at_ms: Option<i64>) -> Case {
    Case {
        id: CaseId(id),
        org_id: OrgId(1),
        response_id: ResponseId(id),
        response_seq: id,
        unit_id: None,
        owner: None,
        routed_by: "admins".into(),
        state: if first_contact_at_ms.is_some() { CaseState::Contacted } else { CaseState::New },
        close_reason: None,
        root_cause: None,
        resolution: None,
        rules: vec![],
        first_contact_due_ms: opened_at_ms + 48 * HOUR,
        resolve_due_ms: opened_at_ms + 168 * HOUR,
        first_contact_at_ms,
        done_at_ms: None,
        escalation_level: 0,
        escalated_at_ms: None,
        follow_up_score: None,
        opened_at_ms,
        updated_at_ms: opened_at_ms,
        alert_job_id: None,
    }
}

#[test]
fn the_median_wait_counts_only_contacted_cases_opened_in_the_window() {
    let now = 100 * 24 * HOUR;
    let since = now - MEDIAN_WINDOW_MS;
    let cases = [
        case(1, since - HOUR, Some(since)),                  // opened before the window: out
        case(2, since, Some(since + 2 * HOUR)),              // 2 h
        case(3, since + 10 * HOUR, Some(since + 15 * HOUR)), // 5 h
        case(4, since + 20 * HOUR, None),                    // not contacted: out
        case(5, since + 30 * HOUR, Some(since + 31 * HOUR)), // 1 h
        case(6, since + 40 * HOUR, Some(since + 50 * HOUR)), // 10 h
    ];
    let mut waits = first_contact_waits(&cases, since);
    assert_eq!(waits.len(), 4);
    // Sorted 1, 2, 5, 10 h: the middle two are 2 and 5; nearest rank takes the lower, 2 h.
    assert_eq!(median(&mut waits), Some(2 * HOUR));
}

#[test]
fn an_odd_count_has_its_middle_value_and_none_has_no_median() {
    assert_eq!(median(&mut [9, 1, 4]), Some(4));
    assert_eq!(median(&mut []), None);
}
