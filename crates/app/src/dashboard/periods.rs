//! Date-range arithmetic for the dashboard: the range shown, the one it is
//! compared with, and the calendar periods of its trend.

use serde::ser::{Serialize, SerializeStruct, Serializer};
use vocal_domain::{Bucket, DayNumber};

/// The last day the index can hold (days are stored as 16-bit numbers).
const LAST_INDEXED_DAY: DayNumber = DayNumber(u16::MAX as i32);

/// Consecutive days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateRange {
    pub since: DayNumber,
    pub until: DayNumber,
}

impl DateRange {
    /// The range, or `None` when `since` is after `until`.
    pub fn new(since: DayNumber, until: DayNumber) -> Option<Self> {
        (since <= until).then_some(DateRange { since, until })
    }

    pub fn days(&self) -> i32 {
        self.until.0 - self.since.0 + 1
    }

    pub fn contains(&self, day: DayNumber) -> bool {
        (self.since..=self.until).contains(&day)
    }

    /// The range of the same length that ends the day before this one
    /// starts: March 2026 (31 days) is compared with 2026-01-29..2026-02-28,
    /// not with February, so both sides count the same weekdays and length.
    pub fn previous(&self) -> DateRange {
        let until = DayNumber(self.since.0 - 1);
        DateRange { since: DayNumber(until.0 - self.days() + 1), until }
    }

    /// This range cut to the days the index can hold, so an absurd request
    /// (year 1 to 9999) cannot make millions of empty periods.
    pub(crate) fn clamped_to_index(&self) -> Option<DateRange> {
        DateRange::new(self.since.max(DayNumber(0)), self.until.min(LAST_INDEXED_DAY))
    }

    /// The calendar periods of `bucket` that overlap this range, each cut
    /// to the range (a range starting on the 15th has a half first month).
    pub fn periods(&self, bucket: Bucket) -> Vec<Period> {
        let mut periods: Vec<Period> = Vec::new();
        for day in self.since.0..=self.until.0 {
            let day = DayNumber(day);
            let ordinal = bucket.ordinal(day);
            match periods.last_mut() {
                Some(last) if last.ordinal == ordinal => last.range.until = day,
                _ => periods.push(Period { ordinal, range: DateRange { since: day, until: day } }),
            }
        }
        periods
    }
}

/// One calendar period of a trend, identified by its bucket ordinal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub ordinal: i32,
    pub range: DateRange,
}

/// Dates as `YYYY-MM-DD`, the way people and the query language write them.
impl Serialize for DateRange {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut range = serializer.serialize_struct("DateRange", 3)?;
        range.serialize_field("since", &self.since.to_string())?;
        range.serialize_field("until", &self.until.to_string())?;
        range.serialize_field("days", &self.days())?;
        range.end()
    }
}
