//! When responses arrive: the 18-month window before `now`, day by day, with
//! each site's volume pattern and local business hours. Everything the
//! seasons need is precomputed per day once, so drawing a moment is a binary
//! search and a table look-up.

use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use rand::Rng;
use vocal_domain::DayNumber;

use super::organisation::Organisation;
use super::sampling::pick_weighted;
use super::seasons;
use super::teams::{EASTERN, Region};

const MS_PER_DAY: i64 = 86_400_000;
const MS_PER_HOUR: i64 = 3_600_000;
const WINDOW_MONTHS: i64 = 18;

/// Answers by local hour: few at night, a morning ramp, a lunch dip, a
/// second peak after work when people read the survey at home.
const HOURLY_VOLUME: [f64; 24] = [
    0.2, 0.1, 0.1, 0.1, 0.15, 0.3, 0.6, 1.2, 2.5, 3.5, 4.0, 4.0, 3.4, 3.8, 4.0, 3.8, 3.5, 3.0, 2.8, 2.7, 2.4, 1.8, 1.0,
    0.5,
];

/// One calendar day of the window, as the seasons see it.
#[derive(Debug, Clone, Copy)]
pub struct Day {
    pub month: u32,
    pub day_of_month: u32,
    /// Monday = 0 … Sunday = 6.
    pub weekday: i32,
    /// 0 for today.
    pub days_ago: i64,
}

/// A drawn moment of a response.
#[derive(Debug, Clone, Copy)]
pub struct Moment {
    pub timestamp_ms: i64,
    /// 0 at the start of the window, 1 now: drives trends.
    pub progress: f64,
    pub day: Day,
}

pub struct Calendar {
    start_ms: i64,
    now_ms: i64,
    /// The epoch day of `days[0]`.
    first_day: i64,
    days: Vec<Day>,
    /// Per region, the running total of day volumes.
    cumulative_volume: Vec<Vec<f64>>,
    /// Per team, per day: the UTC millisecond of local midnight.
    local_midnights: Vec<Vec<i64>>,
}

impl Calendar {
    pub fn new(now_ms: i64, org: &Organisation) -> Self {
        let start_ms = window_start_ms(now_ms);
        let first_day = start_ms.div_euclid(MS_PER_DAY) - 1;
        let last_day = now_ms.div_euclid(MS_PER_DAY) + 1;
        let days: Vec<Day> = (first_day..=last_day)
            .map(|d| {
                let number = DayNumber(d as i32);
                let (_, month, day_of_month) = number.civil();
                Day { month, day_of_month, weekday: number.weekday_from_monday(), days_ago: last_day - 1 - d }
            })
            .collect();
        let span = (last_day - first_day).max(1) as f64;
        let cumulative_volume = Region::ALL
            .iter()
            .map(|&region| {
                let mut total = 0.0;
                days.iter()
                    .enumerate()
                    .map(|(i, day)| {
                        total += seasons::volume_factor(day, region, i as f64 / span);
                        total
                    })
                    .collect()
            })
            .collect();
        let local_midnights = org
            .teams
            .iter()
            .map(|team| {
                let zone = TimeZone::posix(team.spec.zone).unwrap_or(TimeZone::UTC);
                (first_day..=last_day)
                    .map(|d| d * MS_PER_DAY - offset_ms(&zone, d * MS_PER_DAY + 12 * MS_PER_HOUR))
                    .collect()
            })
            .collect();
        Calendar { start_ms, now_ms, first_day, days, cumulative_volume, local_midnights }
    }

    /// A moment in the window for a response handled by `team`: a day drawn
    /// by the region's volume, an hour by the site's local business hours.
    pub fn draw_moment(&self, team: usize, region: Region, rng: &mut impl Rng) -> Moment {
        let cumulative = &self.cumulative_volume[region.index()];
        let total = cumulative.last().copied().unwrap_or(0.0);
        for _ in 0..32 {
            let target = rng.random::<f64>() * total;
            let index = cumulative.partition_point(|&c| c <= target).min(self.days.len() - 1);
            let hour = pick_weighted(rng, &HOURLY_VOLUME) as i64;
            let timestamp_ms =
                self.local_midnights[team][index] + hour * MS_PER_HOUR + rng.random_range(0..MS_PER_HOUR);
            if (self.start_ms..=self.now_ms).contains(&timestamp_ms) {
                return Moment { timestamp_ms, progress: self.progress(timestamp_ms), day: self.days[index] };
            }
        }
        // Only reachable with a window shorter than the retries can hit.
        let timestamp_ms = rng.random_range(self.start_ms..=self.now_ms);
        let index =
            (timestamp_ms.div_euclid(MS_PER_DAY) - self.first_day).clamp(0, self.days.len() as i64 - 1) as usize;
        Moment { timestamp_ms, progress: self.progress(timestamp_ms), day: self.days[index] }
    }

    fn progress(&self, timestamp_ms: i64) -> f64 {
        (timestamp_ms - self.start_ms) as f64 / (self.now_ms - self.start_ms).max(1) as f64
    }
}

/// Eighteen calendar months before `now` in the organisation's zone; a
/// moment outside jiff's range falls back to 548 days.
fn window_start_ms(now_ms: i64) -> i64 {
    let zone = TimeZone::posix(EASTERN).unwrap_or(TimeZone::UTC);
    Timestamp::from_millisecond(now_ms)
        .ok()
        .and_then(|now| now.to_zoned_datetime(zone).checked_sub(WINDOW_MONTHS.months()).ok())
        .map(|start| start.timestamp().as_millisecond())
        .unwrap_or(now_ms.saturating_sub(548 * MS_PER_DAY))
}

fn offset_ms(zone: &TimeZone, at_ms: i64) -> i64 {
    Timestamp::from_millisecond(at_ms).map_or(0, |at| i64::from(zone.to_offset(at).seconds()) * 1000)
}
