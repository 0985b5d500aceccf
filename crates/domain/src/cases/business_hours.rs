//! Business hours: an SLA of "48 hours" may count only the hours the team
//! works, in the organisation's time zone — a detractor on Friday evening is
//! not overdue on Sunday. Set in the rules file (`[business_hours]`); without
//! it, hours are plain elapsed hours.

use jiff::civil::{Time, Weekday};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use serde::{Deserialize, Serialize};

const MINUTE_MS: i64 = 60_000;

/// When the team works: the same opening hours on each listed weekday.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BusinessHours {
    /// An IANA zone, e.g. `Europe/Berlin`.
    pub time_zone: String,
    /// `mon` … `sun`; Monday to Friday when left out.
    #[serde(default = "weekdays")]
    pub days: Vec<String>,
    /// `HH:MM`, opening and closing, `start` before `end`.
    pub start: String,
    pub end: String,
}

fn weekdays() -> Vec<String> {
    ["mon", "tue", "wed", "thu", "fri"].map(String::from).to_vec()
}

/// Business hours checked and ready to count with.
#[derive(Debug, Clone)]
pub struct Calendar {
    zone: TimeZone,
    days: [bool; 7],
    open: Time,
    close: Time,
}

impl BusinessHours {
    /// Checks every field; the error names the one at fault.
    pub fn calendar(&self) -> Result<Calendar, String> {
        let zone = TimeZone::get(&self.time_zone)
            .map_err(|_| format!("business_hours.time_zone: {:?} is not a known time zone", self.time_zone))?;
        let mut days = [false; 7];
        for day in &self.days {
            let index = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
                .iter()
                .position(|d| d.eq_ignore_ascii_case(day.trim()))
                .ok_or_else(|| format!("business_hours.days: {day:?} is not a day (mon … sun)"))?;
            days[index] = true;
        }
        if !days.contains(&true) {
            return Err("business_hours.days: name at least one working day".into());
        }
        let time = |field: &str, text: &str| {
            Time::strptime("%H:%M", text.trim())
                .map_err(|_| format!("business_hours.{field}: {text:?} is not a time of day (HH:MM)"))
        };
        let (open, close) = (time("start", &self.start)?, time("end", &self.end)?);
        if open >= close {
            return Err(format!("business_hours.end: {} is not after start {}", self.end, self.start));
        }
        Ok(Calendar { zone, days, open, close })
    }
}

impl Calendar {
    fn works_on(&self, day: Weekday) -> bool {
        self.days[day.to_monday_zero_offset() as usize]
    }

    /// The instant `hours` working hours after `from_ms`.
    pub fn add_hours(&self, from_ms: i64, hours: u32) -> i64 {
        let mut left = i64::from(hours) * 60 * MINUTE_MS;
        let mut at =
            Timestamp::from_millisecond(from_ms).unwrap_or(Timestamp::UNIX_EPOCH).to_zoned_datetime(self.zone.clone());
        // Each turn ends a working day, or the count; a year of empty
        // calendar cannot happen (one weekday at least is a working day).
        loop {
            let date = at.date();
            let open = self.instant(date, self.open);
            let close = self.instant(date, self.close);
            let now = at.timestamp().as_millisecond();
            if self.works_on(date.weekday()) && now < close {
                let start = now.max(open);
                if start + left <= close {
                    return start + left;
                }
                left -= close - start;
            }
            let next = date.checked_add(1.day()).expect("a date within jiff's range");
            at = next.to_zoned_datetime(self.zone.clone()).expect("midnight exists or is shifted");
        }
    }

    /// A wall-clock time on a date in the zone, as an instant (a time in a
    /// DST gap moves forward, as clocks do).
    fn instant(&self, date: jiff::civil::Date, time: Time) -> i64 {
        date.to_datetime(time)
            .to_zoned_datetime(self.zone.clone())
            .map(|z| z.timestamp().as_millisecond())
            .unwrap_or(i64::MAX)
    }
}

#[cfg(test)]
#[path = "business_hours_tests.rs"]
mod tests;
