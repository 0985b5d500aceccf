//! An NPS answer as people and programs read it: the overall figure and one
//! per group, each with n and its margin of error; small groups flagged and
//! never ranked.

use serde::ser::{Serialize, SerializeMap, Serializer};
use vocal_domain::query::QueryError;
use vocal_domain::{Counts, Field, Figure, QuerySpec, tied_ranks};

use crate::live_index::OrgIndex;

/// A group's identity: field name → value (`null` for "no value"), in `by` order.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupKey(pub Vec<(String, Option<String>)>);

impl Serialize for GroupKey {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (field, value) in &self.0 {
            map.serialize_entry(field, value)?;
        }
        map.end()
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct GroupFigure {
    pub key: GroupKey,
    #[serde(flatten)]
    pub figure: Figure,
    /// 1 = highest NPS among groups with enough answers; a group within
    /// noise of the one above shares its rank (see [`tied_ranks`]); `null`
    /// otherwise and for breakdowns over time or crossed breakdowns.
    pub rank: Option<usize>,
    /// Another group has the same rank: their order is not significant.
    pub tied: bool,
    /// How many answered 0, 1, … 10.
    pub scores: [u64; 11],
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct NpsReport {
    pub overall: Figure,
    pub groups: Vec<GroupFigure>,
}

/// Answers `spec` from the index.
pub fn nps_report(index: &OrgIndex, spec: &QuerySpec) -> Result<NpsReport, QueryError> {
    let plan = index.index.plan(spec, index.catalog())?;
    let histograms = index.index.execute(&plan);
    let overall = Counts::from_histogram(&histograms.total()).figure(spec.min_sample);
    let mut groups = Vec::new();
    for (position, histogram) in histograms.groups.iter().enumerate() {
        if histogram.iter().all(|&c| c == 0) {
            continue;
        }
        let mut key = Vec::with_capacity(plan.dimensions.len());
        let mut rest = position;
        for dimension in plan.dimensions.iter().rev() {
            let size = dimension.labels.len();
            key.insert(0, (dimension.field.name(), dimension.labels[rest % size].clone()));
            rest /= size;
        }
        groups.push(GroupFigure {
            key: GroupKey(key),
            figure: Counts::from_histogram(histogram).figure(spec.min_sample),
            rank: None,
            tied: false,
            scores: *histogram,
        });
    }
    if let [field] = spec.by.as_slice()
        && !matches!(field, Field::Time(_))
    {
        rank(&mut groups);
    }
    Ok(NpsReport { overall, groups })
}

/// Ranks groups with enough answers and a value by NPS, best first; a
/// group whose difference from the one above is not significant shares its
/// rank.
fn rank(groups: &mut [GroupFigure]) {
    let mut eligible: Vec<usize> = (0..groups.len())
        .filter(|&i| !groups[i].figure.low_sample && groups[i].key.0.iter().all(|(_, v)| v.is_some()))
        .collect();
    let scores: Vec<f64> = groups.iter().map(|g| g.figure.nps.unwrap_or(f64::NEG_INFINITY)).collect();
    eligible.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    let ordered: Vec<Counts> = eligible.iter().map(|&i| groups[i].figure.counts()).collect();
    for (&i, rank) in eligible.iter().zip(tied_ranks(&ordered)) {
        groups[i].rank = Some(rank.place);
        groups[i].tied = rank.tied;
    }
}
