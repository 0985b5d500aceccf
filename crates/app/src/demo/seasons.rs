//! The calendar's effects on volume, scores and themes, as a CX analyst would
//! expect to find them: a holiday rush, a summer dip, quieter weekends, the
//! January price rise, and one regional outage to investigate.

use super::calendar::Day;
use super::teams::Region;
use super::themes::{Theme, ThemeWeights, emphasise};
use super::touchpoints::Touchpoint;

/// Monday-heavy, quiet weekends.
const WEEKDAY_VOLUME: [f64; 7] = [1.2, 1.15, 1.1, 1.05, 1.0, 0.6, 0.45];

/// The Americas outage: a week, about five months before now.
const OUTAGE_REGION: Region = Region::Americas;
const OUTAGE_DAYS_AGO: std::ops::RangeInclusive<i64> = 150..=156;

fn in_outage(day: &Day, region: Region) -> bool {
    region == OUTAGE_REGION && OUTAGE_DAYS_AGO.contains(&day.days_ago)
}

fn is_holiday_rush(day: &Day) -> bool {
    (day.month == 11 && day.day_of_month >= 20) || (day.month == 12 && day.day_of_month <= 23)
}

fn is_price_rise_season(day: &Day) -> bool {
    day.month <= 2
}

fn is_weekend(day: &Day) -> bool {
    day.weekday >= 5
}

/// Relative number of answers on `day` in `region`; `progress` (0 → 1 over
/// the window) adds the growth of the customer base.
pub fn volume_factor(day: &Day, region: Region, progress: f64) -> f64 {
    let growth = 0.8 + 0.4 * progress;
    let season = match (day.month, day.day_of_month) {
        (12, 24..=26) | (12, 31) | (1, 1) => 0.5,
        _ if is_holiday_rush(day) => 1.55,
        (1, 2..=15) => 1.25, // returns and the first bills of the year
        (7 | 8, _) => 0.9,
        _ => 1.0,
    };
    let outage = if in_outage(day, region) { 2.5 } else { 1.0 };
    growth * WEEKDAY_VOLUME[day.weekday.clamp(0, 6) as usize] * season * outage
}

/// Shift of the latent satisfaction on `day`.
pub fn score_shift(day: &Day, region: Region, touchpoint: Touchpoint) -> f64 {
    let summer = match day.month {
        7 => -0.30,
        6 | 8 => -0.18,
        _ => 0.0,
    };
    let holiday = match (is_holiday_rush(day), touchpoint) {
        (true, Touchpoint::Delivery | Touchpoint::Returns) => -0.5,
        (true, _) => -0.05,
        (false, _) => 0.0,
    };
    let price_rise = match (is_price_rise_season(day), touchpoint) {
        (true, Touchpoint::Billing | Touchpoint::Renewal) => -0.3,
        _ => 0.0,
    };
    let weekend = if is_weekend(day) { -0.1 } else { 0.0 };
    let outage = if in_outage(day, region) { -0.9 } else { 0.0 };
    summer + holiday + price_rise + weekend + outage
}

/// What unhappy customers talk about more on `day`: queues in summer and at
/// weekends, parcels before Christmas, the bill after the price rise, the
/// network during the outage.
pub fn shape_complaints(day: &Day, region: Region, weights: &mut ThemeWeights) {
    if (6..=8).contains(&day.month) {
        emphasise(weights, &[(Theme::WaitTime, 1.6)]);
    }
    if is_weekend(day) {
        emphasise(weights, &[(Theme::WaitTime, 1.3)]);
    }
    if is_holiday_rush(day) {
        emphasise(weights, &[(Theme::Delivery, 2.0)]);
    }
    if is_price_rise_season(day) {
        emphasise(weights, &[(Theme::PriceValue, 2.0), (Theme::Billing, 1.5)]);
    }
    if in_outage(day, region) {
        emphasise(weights, &[(Theme::ProductQuality, 6.0), (Theme::WaitTime, 2.0)]);
    }
}
