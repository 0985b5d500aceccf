//! Cases: the follow-up one alert asks for. A case moves `new → contacted →
//! resolved`, or is `closed` without resolution (with a reason); each step is
//! an event with who did it. Its deadlines come from the strictest SLA of the
//! rules that opened it.

pub mod action;
mod business_hours;
pub mod escalation;

pub use action::{ActionError, CaseAction, ContactVia};
pub use business_hours::{BusinessHours, Calendar};

use std::fmt;
use std::str::FromStr;

use crate::alerts::Sla;

const HOUR_MS: i64 = 3_600_000;

/// Ordered by the life cycle (`new` first), for sorted listings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CaseState {
    /// Opened, nobody has reached the customer yet.
    New,
    Contacted,
    Resolved,
    /// Ended without resolution; the case keeps the reason.
    Closed,
}

impl CaseState {
    pub fn as_str(self) -> &'static str {
        match self {
            CaseState::New => "new",
            CaseState::Contacted => "contacted",
            CaseState::Resolved => "resolved",
            CaseState::Closed => "closed",
        }
    }

    /// Resolved and closed cases are done: an edited answer no longer reopens work.
    pub fn is_open(self) -> bool {
        matches!(self, CaseState::New | CaseState::Contacted)
    }
}

impl FromStr for CaseState {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        match text {
            "new" => Ok(CaseState::New),
            "contacted" => Ok(CaseState::Contacted),
            "resolved" => Ok(CaseState::Resolved),
            "closed" => Ok(CaseState::Closed),
            _ => Err(format!("{text:?} is not a case state (new, contacted, resolved, closed)")),
        }
    }
}

impl fmt::Display for CaseState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What an event on a case records. Opening is the only kind written here;
/// the others are for the people who work the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaseEventKind {
    Opened,
    Note,
    Contacted,
    Resolved,
    Closed,
    Reassigned,
    /// Vocal moved an overdue case up the hierarchy.
    Escalated,
    /// The customer answered the follow-up survey after resolution.
    FollowUp,
}

impl CaseEventKind {
    pub const ALL: [CaseEventKind; 8] = [
        CaseEventKind::Opened,
        CaseEventKind::Note,
        CaseEventKind::Contacted,
        CaseEventKind::Resolved,
        CaseEventKind::Closed,
        CaseEventKind::Reassigned,
        CaseEventKind::Escalated,
        CaseEventKind::FollowUp,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CaseEventKind::Opened => "opened",
            CaseEventKind::Note => "note",
            CaseEventKind::Contacted => "contacted",
            CaseEventKind::Resolved => "resolved",
            CaseEventKind::Closed => "closed",
            CaseEventKind::Reassigned => "reassigned",
            CaseEventKind::Escalated => "escalated",
            CaseEventKind::FollowUp => "follow_up",
        }
    }
}

impl FromStr for CaseEventKind {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        CaseEventKind::ALL
            .into_iter()
            .find(|k| k.as_str() == text)
            .ok_or_else(|| format!("{text:?} is not a case event"))
    }
}

/// The response attribute that marks an answer to a case's follow-up
/// survey: its value is the case id. Such an answer records the recovery on
/// the case instead of opening a case of its own.
pub const FOLLOW_UP_ATTRIBUTE: &str = "follow_up_case";

/// Whether a follow-up answer shows the customer won back: a promoter now,
/// or at least two points above the answer that opened the case.
pub fn recovered(original: u8, follow_up: u8) -> bool {
    follow_up >= 9 || follow_up >= original.saturating_add(2)
}

/// When a case opened at `opened_at_ms` must see first contact and resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueTimes {
    pub first_contact_ms: i64,
    pub resolve_ms: i64,
}

impl DueTimes {
    /// Plain elapsed hours, or working hours of `calendar` when the
    /// organisation set business hours.
    pub fn from_sla(sla: Sla, opened_at_ms: i64, calendar: Option<&Calendar>) -> Self {
        let after = |hours: u32| match calendar {
            Some(calendar) => calendar.add_hours(opened_at_ms, hours),
            None => opened_at_ms + i64::from(hours) * HOUR_MS,
        };
        DueTimes { first_contact_ms: after(sla.first_contact_hours), resolve_ms: after(sla.resolve_hours) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_and_event_kinds_read_back_what_they_write() {
        for state in [CaseState::New, CaseState::Contacted, CaseState::Resolved, CaseState::Closed] {
            assert_eq!(state.as_str().parse::<CaseState>(), Ok(state));
        }
        for kind in CaseEventKind::ALL {
            assert_eq!(kind.as_str().parse::<CaseEventKind>(), Ok(kind));
        }
        assert!("open".parse::<CaseState>().is_err());
    }

    #[test]
    fn recovery_is_a_promoter_now_or_two_points_up() {
        // (original, follow-up, recovered), worked by hand from the definition.
        for (original, follow_up, expected) in
            [(3, 9, true), (3, 5, true), (3, 4, false), (6, 7, false), (8, 9, true), (0, 2, true), (5, 3, false)]
        {
            assert_eq!(recovered(original, follow_up), expected, "{original} → {follow_up}");
        }
    }

    #[test]
    fn due_times_count_hours_from_opening() {
        let due = DueTimes::from_sla(Sla { first_contact_hours: 2, resolve_hours: 24 }, 1_000, None);
        assert_eq!(due, DueTimes { first_contact_ms: 1_000 + 7_200_000, resolve_ms: 1_000 + 86_400_000 });
    }
}
