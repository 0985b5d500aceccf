//! The period both coaching pages show: one of three presets (the last 30
//! days, 90 days — the default — or 12 months, ending today in the
//! organisation's time zone) or dates given as `from`/`to`.

use jiff::tz::TimeZone;
use vocal_app::dashboard::DateRange;
use vocal_domain::{Bucket, DayNumber};

/// The presets: query value, label, length in days.
const PRESETS: [(&str, &str, i32); 3] =
    [("30d", "Last 30 days", 30), ("90d", "Last 90 days", 90), ("12m", "Last 12 months", 365)];
const DEFAULT_PRESET: usize = 1;

/// Longer ranges than this are drawn by month, shorter ones by week.
const WEEKLY_UP_TO_DAYS: i32 = 120;

/// `?period=…&from=…&to=…` as sent.
#[derive(Debug, Default, serde::Deserialize)]
pub struct PeriodQuery {
    pub period: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// The period chosen, ready for the question and the page.
pub struct Chosen {
    pub range: DateRange,
    /// The preset's query value; `None` for dates given by hand.
    pub preset: Option<&'static str>,
    /// Set when the dates given could not be used, saying what is shown instead.
    pub note: Option<String>,
}

/// One preset link of the period picker.
pub struct PresetLink {
    pub href: String,
    pub label: &'static str,
    pub current: bool,
}

/// What the period picker (`app/agents/period.html`) shows.
pub struct Picker {
    pub action: String,
    pub presets: Vec<PresetLink>,
    pub from: String,
    pub to: String,
    pub note: Option<String>,
    /// "2026-01-01 to 2026-03-31", for the page's text.
    pub describe: String,
}

impl Chosen {
    /// Reads the query; dates that are not dates, or in the wrong order,
    /// fall back to the default preset with a note (never an error page:
    /// the picker is right there to try again).
    pub fn from_query(query: &PeriodQuery, zone: &TimeZone) -> Chosen {
        let today = DayNumber::of_timestamp_ms(jiff::Timestamp::now().as_millisecond(), zone);
        let (from, to) = (given(query.from.as_deref()), given(query.to.as_deref()));
        if from.is_some() || to.is_some() {
            let parsed = (from.map(DayNumber::parse), to.map(DayNumber::parse));
            let custom = match parsed {
                (Some(Some(since)), Some(Some(until))) => DateRange::new(since, until),
                (Some(Some(since)), None) => DateRange::new(since, today.max(since)),
                (None, Some(Some(until))) => DateRange::new(DayNumber(until.0 - PRESETS[DEFAULT_PRESET].2 + 1), until),
                _ => None,
            };
            return match custom {
                Some(range) => Chosen { range, preset: None, note: None },
                None => Chosen {
                    note: Some("Those dates could not be used (write them as YYYY-MM-DD, the first not after the last); showing the last 90 days.".into()),
                    ..preset(DEFAULT_PRESET, today)
                },
            };
        }
        let wanted = query.period.as_deref().and_then(|p| PRESETS.iter().position(|(value, ..)| *value == p));
        preset(wanted.unwrap_or(DEFAULT_PRESET), today)
    }

    /// Weeks for short ranges, months for long ones: enough points to see
    /// a direction, few enough that each has answers.
    pub fn bucket(&self) -> Bucket {
        if self.range.days() <= WEEKLY_UP_TO_DAYS { Bucket::Week } else { Bucket::Month }
    }

    /// The picker for a page at `path`.
    pub fn picker(&self, path: &str) -> Picker {
        let presets = PRESETS
            .iter()
            .map(|(value, label, _)| PresetLink {
                href: format!("{path}?period={value}"),
                label,
                current: self.preset == Some(*value),
            })
            .collect();
        Picker {
            action: path.to_string(),
            presets,
            from: self.range.since.to_string(),
            to: self.range.until.to_string(),
            note: self.note.clone(),
            describe: format!("{} to {}", self.range.since, self.range.until),
        }
    }

    /// "90 days", "12 months" or "period", for "since the previous …".
    pub fn length(&self) -> &'static str {
        let label = PRESETS.iter().find(|(value, ..)| self.preset == Some(*value)).map(|(_, label, _)| *label);
        label.and_then(|l| l.strip_prefix("Last ")).unwrap_or("period")
    }

    /// The query string that keeps this period on links to other pages.
    pub fn query(&self) -> String {
        match self.preset {
            Some(value) => format!("period={value}"),
            None => format!("from={}&to={}", self.range.since, self.range.until),
        }
    }
}

/// A date field's text, when something was typed in it.
fn given(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|t| !t.is_empty())
}

fn preset(position: usize, today: DayNumber) -> Chosen {
    let (value, _, days) = PRESETS[position];
    let range = DateRange { since: DayNumber(today.0 - days + 1), until: today };
    Chosen { range, preset: Some(value), note: None }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chosen(period: Option<&str>, from: Option<&str>, to: Option<&str>) -> Chosen {
        let query = PeriodQuery { period: period.map(Into::into), from: from.map(Into::into), to: to.map(Into::into) };
        Chosen::from_query(&query, &TimeZone::UTC)
    }

    #[test]
    fn presets_end_today_and_default_to_ninety_days() {
        assert_eq!(chosen(None, None, None).range.days(), 90);
        assert_eq!(chosen(Some("30d"), None, None).range.days(), 30);
        assert_eq!(chosen(Some("12m"), None, None).range.days(), 365);
        assert_eq!(chosen(Some("nonsense"), None, None).preset, Some("90d"));
    }

    #[test]
    fn dates_given_by_hand_win_over_the_preset() {
        let custom = chosen(Some("30d"), Some("2026-01-01"), Some("2026-03-31"));
        assert_eq!(
            (custom.range.since.to_string(), custom.range.until.to_string()),
            ("2026-01-01".into(), "2026-03-31".into())
        );
        assert_eq!(custom.preset, None);
        assert_eq!(custom.bucket(), Bucket::Week);
        assert_eq!(custom.query(), "from=2026-01-01&to=2026-03-31");
    }

    #[test]
    fn unusable_dates_fall_back_with_a_note() {
        let backwards = chosen(None, Some("2026-03-31"), Some("2026-01-01"));
        assert_eq!(backwards.preset, Some("90d"));
        assert!(backwards.note.is_some());
        assert!(chosen(None, Some("yesterday"), None).note.is_some());
    }
}
