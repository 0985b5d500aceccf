//! What the queue and the case page show of a case: its response, the
//! people's names, its deadlines as people read them ("in 3 h", "overdue by
//! 2 d", with the exact time for a title).

use std::collections::HashMap;

use vocal_domain::{Score, UnitTree, UserId};
use vocal_store::{Case, ResponseRecord, User};

use crate::ui::dashboard::local_time;

const MINUTE_MS: i64 = 60_000;
const HOUR_MS: i64 = 60 * MINUTE_MS;
const DAY_MS: i64 = 24 * HOUR_MS;

/// A score with its band, so the colour always comes with words.
pub struct ScoreView {
    pub value: u8,
    /// `promoter`, `passive` or `detractor`: the CSS class and the text.
    pub band: &'static str,
}

impl ScoreView {
    pub fn of(score: Score) -> ScoreView {
        let band = match score.value() {
            9..=10 => "promoter",
            7..=8 => "passive",
            _ => "detractor",
        };
        ScoreView { value: score.value(), band }
    }
}

/// One deadline: met, still ahead, or missed.
pub struct DueView {
    pub label: &'static str,
    /// "in 3 h", "overdue by 2 d", "met".
    pub relative: String,
    /// The exact time in the organisation's zone.
    pub absolute: String,
    pub overdue: bool,
}

/// The deadline a case is working towards now: the first contact until it
/// happened, then the resolution; `None` once the case is done.
pub fn current_due(case: &Case, now_ms: i64, zone: &jiff::tz::TimeZone) -> Option<DueView> {
    if !case.state.is_open() {
        return None;
    }
    Some(match case.first_contact_at_ms {
        None => due("first contact", case.first_contact_due_ms, None, now_ms, zone),
        Some(_) => due("resolve", case.resolve_due_ms, None, now_ms, zone),
    })
}

/// Both deadlines of a case, for its page.
pub fn both_dues(case: &Case, now_ms: i64, zone: &jiff::tz::TimeZone) -> Vec<DueView> {
    vec![
        due("First contact", case.first_contact_due_ms, case.first_contact_at_ms, now_ms, zone),
        due("Resolve", case.resolve_due_ms, case.done_at_ms, now_ms, zone),
    ]
}

fn due(label: &'static str, due_ms: i64, met_at: Option<i64>, now_ms: i64, zone: &jiff::tz::TimeZone) -> DueView {
    let absolute = local_time(due_ms, zone);
    let (relative, overdue) = match met_at {
        Some(at) if at <= due_ms => ("met".to_string(), false),
        Some(at) => (format!("met {} late", span(at - due_ms)), false),
        None if now_ms <= due_ms => (format!("in {}", span(due_ms - now_ms)), false),
        None => (format!("overdue by {}", span(now_ms - due_ms)), true),
    };
    DueView { label, relative, absolute, overdue }
}

/// A length of time in its largest whole unit: "45 min", "3 h", "2 d".
pub fn span(ms: i64) -> String {
    match ms {
        ms if ms >= DAY_MS => format!("{} d", ms / DAY_MS),
        ms if ms >= HOUR_MS => format!("{} h", ms / HOUR_MS),
        ms => format!("{} min", (ms / MINUTE_MS).max(1)),
    }
}

/// People by id, to show owners and the people one may hand a case to.
pub struct People(HashMap<UserId, User>);

impl People {
    pub fn new(users: Vec<User>) -> People {
        People(users.into_iter().map(|u| (u.id, u)).collect())
    }

    pub fn name(&self, id: Option<UserId>) -> String {
        match id.and_then(|id| self.0.get(&id)) {
            Some(user) => vocal_app::closed_loop::work::person_name(user),
            None if id.is_some() => "a former user".into(),
            None => "nobody".into(),
        }
    }

    pub fn all(&self) -> impl Iterator<Item = &User> {
        self.0.values()
    }
}

/// The unit's path as people read it, or "no unit".
pub fn unit_path(units: &UnitTree, case: &Case) -> String {
    case.unit_id.filter(|&u| units.get(u).is_some()).map_or_else(|| "no unit".into(), |u| units.path(u))
}

/// The first characters of a comment, on a character boundary.
pub fn comment_start(record: Option<&ResponseRecord>) -> String {
    const SHOWN: usize = 90;
    let comment = record.and_then(|r| r.comment.as_deref()).unwrap_or("").trim();
    if comment.chars().count() <= SHOWN {
        comment.to_string()
    } else {
        format!("{}…", comment.chars().take(SHOWN).collect::<String>().trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::span;

    #[test]
    fn spans_use_their_largest_whole_unit() {
        assert_eq!(span(30_000), "1 min");
        assert_eq!(span(45 * 60_000), "45 min");
        assert_eq!(span(3 * 3_600_000 + 59 * 60_000), "3 h");
        assert_eq!(span(2 * 86_400_000 + 1), "2 d");
    }
}
