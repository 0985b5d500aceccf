//! The dashboard's figures for one date range and filter set: the headline
//! with its change against the previous period, the trend, the score
//! distribution, the promoter/passive/detractor split and one breakdown.
//!
//! Each scan of the index costs milliseconds at millions of responses, so
//! everything is derived from as few scans as possible: one scan by day
//! covers the range *and* the previous range (trend, headline, distribution,
//! split and comparison are sums of days), and one more gives the breakdown.
//! Only when the range is open-ended is a third needed, for the previous
//! period, whose length is known only once the data's last day is.

mod periods;
pub mod split;

use std::cmp::Reverse;

use vocal_domain::nps::{Comparison, compare};
use vocal_domain::{Bucket, Counts, DayNumber, Field, Figure, QueryError, QuerySpec};
use vocal_index::{Catalog, ResponseIndex};

use crate::live_index::OrgIndex;

pub use periods::{DateRange, Period};
pub use split::{Share, Split, largest_remainder};

/// Everything the dashboard page shows; its JSON form feeds live updates
/// and the CSV export.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Dashboard {
    /// The range shown; `null` only for an open range with no answers.
    pub range: Option<DateRange>,
    /// The whole range: the sum of the trend's periods.
    pub headline: Figure,
    pub split: Split,
    /// How many answered 0, 1, … 10.
    pub distribution: [u64; 11],
    pub previous: Option<PreviousPeriod>,
    pub trend: Trend,
    pub breakdown: Breakdown,
}

/// The range of the same length just before, and the change from it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PreviousPeriod {
    pub range: DateRange,
    pub figure: Figure,
    /// Headline minus previous; `null` when either has no answers.
    pub change: Option<Comparison>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Trend {
    /// `day`, `week`, `month`, `quarter` or `year`.
    pub bucket: &'static str,
    /// Every period of the range, oldest first, including those without
    /// answers (`n` = 0), so a chart can leave a gap instead of joining
    /// across missing data.
    pub periods: Vec<TrendPeriod>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct TrendPeriod {
    /// `2026-03-09`, `2026-W11`, `2026-03`, `2026-Q1` or `2026`.
    pub label: String,
    /// The period's days within the range.
    pub range: DateRange,
    #[serde(flatten)]
    pub figure: Figure,
    /// Against the period just before; `null` for the first period and
    /// when either has no answers.
    pub change: Option<Comparison>,
}

/// One breakdown, deliberately unranked: groups are ordered by size, since
/// ordering by NPS invites reading noise between small groups as a league
/// table.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Breakdown {
    pub field: String,
    /// Groups with answers, by n descending then label; "no value" last.
    pub groups: Vec<BreakdownGroup>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct BreakdownGroup {
    /// `null` for responses without a value for the field.
    pub label: Option<String>,
    /// Includes `low_sample`: too few answers to read much into.
    #[serde(flatten)]
    pub figure: Figure,
}

/// The dashboard for `spec`'s filters and date range (its `by` is ignored):
/// a trend by `trend_bucket` and a breakdown by `breakdown`. A missing
/// `since` or `until` means from the first or to the last answer.
pub fn dashboard(
    index: &OrgIndex,
    spec: &QuerySpec,
    trend_bucket: Bucket,
    breakdown: &Field,
) -> Result<Dashboard, QueryError> {
    dashboard_of(&index.index, index.catalog(), spec, trend_bucket, breakdown)
}

/// [`dashboard`] over a bare index and its names.
pub fn dashboard_of(
    index: &ResponseIndex,
    catalog: Catalog<'_>,
    spec: &QuerySpec,
    trend_bucket: Bucket,
    breakdown: &Field,
) -> Result<Dashboard, QueryError> {
    let DailyAnswers { range, days, previous } = daily_answers(index, catalog, spec)?;
    let distribution = sum(&days);
    let headline_counts = Counts::from_histogram(&distribution);
    let previous = previous.map(|(previous_range, histogram)| {
        let counts = Counts::from_histogram(&histogram);
        PreviousPeriod {
            range: previous_range,
            figure: counts.figure(spec.min_sample),
            change: compare(&counts, &headline_counts),
        }
    });
    Ok(Dashboard {
        range,
        headline: headline_counts.figure(spec.min_sample),
        split: Split::of(&headline_counts),
        distribution,
        previous,
        trend: trend(range, trend_bucket, &days, spec),
        breakdown: breakdown_of(index, catalog, spec, breakdown)?,
    })
}

/// What the scans by day found.
struct DailyAnswers {
    /// The range shown; `None` for an open range without answers.
    range: Option<DateRange>,
    /// Histograms of the range's days with answers, oldest first.
    days: Vec<(DayNumber, [u64; 11])>,
    /// The previous range and all its answers together.
    previous: Option<(DateRange, [u64; 11])>,
}

/// With both dates set, one scan by day from the previous range's first
/// day to `until` serves both ranges. An open range is first found from
/// the data, then its previous range (if any data can precede it) counted.
fn daily_answers(index: &ResponseIndex, catalog: Catalog<'_>, spec: &QuerySpec) -> Result<DailyAnswers, QueryError> {
    if let (Some(since), Some(until)) = (spec.since, spec.until) {
        let asked = DateRange::new(since, until).ok_or(QueryError::EmptyDateRange { since, until })?;
        let previous = asked.previous();
        let all = daily_histograms(index, catalog, spec, Some(previous.since), Some(until))?;
        let (before, days): (Vec<_>, Vec<_>) = all.into_iter().partition(|(day, _)| previous.contains(*day));
        let range = asked.clamped_to_index();
        return Ok(DailyAnswers { range, days, previous: range.map(|_| (previous, sum(&before))) });
    }
    let days = daily_histograms(index, catalog, spec, spec.since, spec.until)?;
    let first = spec.since.or(days.first().map(|d| d.0));
    let last = spec.until.or(days.last().map(|d| d.0));
    let range = first.zip(last).and_then(|(s, u)| DateRange::new(s, u)).and_then(|r| r.clamped_to_index());
    let previous = match range {
        // Before the first answer there is nothing to count.
        Some(r) if spec.since.is_none() => Some((r.previous(), [0; 11])),
        Some(r) => Some((r.previous(), total_between(index, catalog, spec, r.previous())?)),
        None => None,
    };
    Ok(DailyAnswers { range, days, previous })
}

/// Score histograms of the days with answers, oldest first: one scan.
fn daily_histograms(
    index: &ResponseIndex,
    catalog: Catalog<'_>,
    spec: &QuerySpec,
    since: Option<DayNumber>,
    until: Option<DayNumber>,
) -> Result<Vec<(DayNumber, [u64; 11])>, QueryError> {
    let question = QuerySpec { by: vec![Field::Time(Bucket::Day)], since, until, ..spec.clone() };
    let plan = index.plan(&question, catalog)?;
    let histograms = index.execute(&plan);
    // The index names day groups `YYYY-MM-DD`; reading the label back gives the day.
    let days = plan.dimensions[0].labels.iter().zip(histograms.groups).filter(|(_, h)| h.iter().any(|&c| c > 0));
    Ok(days.filter_map(|(label, histogram)| Some((DayNumber::parse(label.as_deref()?)?, histogram))).collect())
}

/// All answers within `range` together: one scan.
fn total_between(
    index: &ResponseIndex,
    catalog: Catalog<'_>,
    spec: &QuerySpec,
    range: DateRange,
) -> Result<[u64; 11], QueryError> {
    let question = QuerySpec { by: Vec::new(), since: Some(range.since), until: Some(range.until), ..spec.clone() };
    let plan = index.plan(&question, catalog)?;
    Ok(index.execute(&plan).total())
}

fn sum(days: &[(DayNumber, [u64; 11])]) -> [u64; 11] {
    let mut total = [0u64; 11];
    for (_, histogram) in days {
        for (t, c) in total.iter_mut().zip(histogram) {
            *t += c;
        }
    }
    total
}

/// Every period of `range`, each the sum of its days, compared with the one before.
fn trend(range: Option<DateRange>, bucket: Bucket, days: &[(DayNumber, [u64; 11])], spec: &QuerySpec) -> Trend {
    let periods = range.map(|r| r.periods(bucket)).unwrap_or_default();
    let mut counts = vec![Counts::default(); periods.len()];
    for (day, histogram) in days {
        let ordinal = bucket.ordinal(*day);
        if let Ok(i) = periods.binary_search_by_key(&ordinal, |p| p.ordinal) {
            counts[i] += Counts::from_histogram(histogram);
        }
    }
    let periods = periods
        .iter()
        .zip(&counts)
        .enumerate()
        .map(|(i, (period, these))| TrendPeriod {
            label: bucket.label(period.ordinal),
            range: period.range,
            figure: these.figure(spec.min_sample),
            change: i.checked_sub(1).and_then(|before| compare(&counts[before], these)),
        })
        .collect();
    Trend { bucket: bucket.name(), periods }
}

/// The groups of `field` with answers, by size; one scan.
fn breakdown_of(
    index: &ResponseIndex,
    catalog: Catalog<'_>,
    spec: &QuerySpec,
    field: &Field,
) -> Result<Breakdown, QueryError> {
    let question = QuerySpec { by: vec![field.clone()], ..spec.clone() };
    let plan = index.plan(&question, catalog)?;
    let histograms = index.execute(&plan);
    let mut groups: Vec<BreakdownGroup> = plan.dimensions[0]
        .labels
        .iter()
        .zip(&histograms.groups)
        .map(|(label, histogram)| BreakdownGroup {
            label: label.clone(),
            figure: Counts::from_histogram(histogram).figure(spec.min_sample),
        })
        .filter(|g| g.figure.n > 0)
        .collect();
    groups.sort_by(|a, b| {
        (a.label.is_none(), Reverse(a.figure.n), &a.label).cmp(&(b.label.is_none(), Reverse(b.figure.n), &b.label))
    });
    Ok(Breakdown { field: field.name(), groups })
}

#[cfg(test)]
mod tests;
