//! Calendar arithmetic for breakdowns over time. Days are counted in the
//! organisation's time zone, so a Monday-morning answer in Tokyo lands in
//! Monday's bucket even though it is still Sunday in UTC.

use jiff::Timestamp;
use jiff::tz::TimeZone;

/// Days since 1970-01-01 on the organisation's calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DayNumber(pub i32);

const MS_PER_DAY: i64 = 86_400_000;

/// 2000-01-01T00:00:00Z: no answer Vocal counts is older (NPS itself dates from 2003).
pub const EARLIEST_SUBMISSION_MS: i64 = 946_684_800_000;
/// How far a sender's clock may run ahead of ours: five minutes.
pub const FUTURE_SLACK_MS: i64 = 5 * 60 * 1000;

/// Why a submission time is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SubmittedAtError {
    #[error("is in the future")]
    Future,
    #[error("is before the year 2000")]
    TooOld,
}

/// The one rule for when a response may say it was submitted, whatever
/// way it comes in (API, CSV import, survey page): from 2000-01-01 up to
/// `now_ms` plus a few minutes of clock skew. A time outside would be
/// counted in a period that did not happen (or, beyond what the index's
/// days hold, in the wrong one).
pub fn check_submitted_at(ms: i64, now_ms: i64) -> Result<i64, SubmittedAtError> {
    if ms > now_ms.saturating_add(FUTURE_SLACK_MS) {
        Err(SubmittedAtError::Future)
    } else if ms < EARLIEST_SUBMISSION_MS {
        Err(SubmittedAtError::TooOld)
    } else {
        Ok(ms)
    }
}

impl DayNumber {
    /// The calendar day of a moment, in `tz`. Moments beyond what an `i32`
    /// day count holds saturate at its ends rather than wrap.
    pub fn of_timestamp_ms(ms: i64, tz: &TimeZone) -> Self {
        let offset_ms = match Timestamp::from_millisecond(ms) {
            Ok(ts) => i64::from(tz.to_offset(ts).seconds()) * 1000,
            Err(_) => 0,
        };
        let days = ms.saturating_add(offset_ms).div_euclid(MS_PER_DAY);
        DayNumber(i32::try_from(days).unwrap_or(if days < 0 { i32::MIN } else { i32::MAX }))
    }

    pub fn from_civil(year: i32, month: u32, day: u32) -> Self {
        DayNumber(days_from_civil(year, month, day))
    }

    /// (year, month 1–12, day 1–31).
    pub fn civil(self) -> (i32, u32, u32) {
        civil_from_days(self.0)
    }

    /// Parses `YYYY-MM-DD`, rejecting impossible dates such as `2025-02-30`.
    pub fn parse(text: &str) -> Option<Self> {
        let date: jiff::civil::Date = text.trim().parse().ok()?;
        if text.trim().len() != 10 {
            return None;
        }
        Some(Self::from_civil(i32::from(date.year()), date.month() as u32, date.day() as u32))
    }

    /// The first millisecond of this day in `tz`, as a Unix timestamp.
    pub fn start_ms(self, tz: &TimeZone) -> i64 {
        let (y, m, d) = self.civil();
        jiff::civil::date(y as i16, m as i8, d as i8)
            .to_zoned_datetime(tz.clone())
            .map(|z| z.timestamp().as_millisecond())
            .unwrap_or(i64::from(self.0) * MS_PER_DAY)
    }

    /// Monday = 0 … Sunday = 6. 1970-01-01 was a Thursday.
    pub fn weekday_from_monday(self) -> i32 {
        (self.0 + 3).rem_euclid(7)
    }
}

impl std::fmt::Display for DayNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (y, m, d) = self.civil();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

/// Howard Hinnant's `days_from_civil`: proleptic Gregorian date → day count.
fn days_from_civil(year: i32, month: u32, day: u32) -> i32 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month as i32 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(days: i32) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i32::from(month <= 2);
    (year, month, day)
}

/// A calendar period to group answers by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Bucket {
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

impl Bucket {
    pub const ALL: [Bucket; 5] = [Bucket::Day, Bucket::Week, Bucket::Month, Bucket::Quarter, Bucket::Year];

    pub fn name(self) -> &'static str {
        match self {
            Bucket::Day => "day",
            Bucket::Week => "week",
            Bucket::Month => "month",
            Bucket::Quarter => "quarter",
            Bucket::Year => "year",
        }
    }

    /// An ordinal that sorts chronologically and is equal for days in the
    /// same period: the day itself, the week's Monday, `year·12 + month`, …
    pub fn ordinal(self, day: DayNumber) -> i32 {
        match self {
            Bucket::Day => day.0,
            Bucket::Week => day.0 - day.weekday_from_monday(),
            Bucket::Month | Bucket::Quarter | Bucket::Year => {
                let (y, m, _) = day.civil();
                match self {
                    Bucket::Month => y * 12 + (m as i32 - 1),
                    Bucket::Quarter => y * 4 + (m as i32 - 1) / 3,
                    _ => y,
                }
            }
        }
    }

    /// The label of an ordinal: `2026-03-09`, `2026-W11`, `2026-03`, `2026-Q1`, `2026`.
    pub fn label(self, ordinal: i32) -> String {
        match self {
            Bucket::Day => DayNumber(ordinal).to_string(),
            Bucket::Week => {
                // The ISO week belongs to the year of its Thursday.
                let thursday = DayNumber(ordinal + 3);
                let (year, _, _) = thursday.civil();
                let jan1 = DayNumber::from_civil(year, 1, 1);
                let week = (thursday.0 - jan1.0) / 7 + 1;
                format!("{year:04}-W{week:02}")
            }
            Bucket::Month => format!("{:04}-{:02}", ordinal.div_euclid(12), ordinal.rem_euclid(12) + 1),
            Bucket::Quarter => format!("{:04}-Q{}", ordinal.div_euclid(4), ordinal.rem_euclid(4) + 1),
            Bucket::Year => format!("{ordinal:04}"),
        }
    }
}

#[cfg(test)]
#[path = "time_tests.rs"]
mod tests;
