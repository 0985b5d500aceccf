//! Compiles a question into lookup tables: for each column read, a table
//! from code to a number added to the row's key. A row's key ends up as
//! `group × 11 + score`, or at least [`EXCLUDED`] when a filter rejects it.

use std::collections::BTreeMap;

use vocal_domain::query::{Filter, QueryError};
use vocal_domain::{AgentId, Bucket, DayNumber, Field, QuerySpec, UnitId, UnitTree};

use crate::column::Codes;
use crate::index::ResponseIndex;

/// Added to a key to exclude the row. Keys stay below 2³² for up to 63 tables.
pub const EXCLUDED: u32 = 1 << 26;

/// Names for what the index stores only as ids.
#[derive(Debug, Clone, Copy)]
pub struct Catalog<'a> {
    pub units: &'a UnitTree,
    pub agents: &'a [(AgentId, String)],
}

/// Which stored column a table reads.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum ColumnRef {
    Scores,
    Days,
    Units,
    Agents,
    Label(Field),
}

/// One breakdown field's groups, in display order.
#[derive(Debug, Clone)]
pub struct Dimension {
    pub field: Field,
    /// Group labels; `None` is the group of responses without a value.
    pub labels: Vec<Option<String>>,
}

/// The compiled question.
#[derive(Debug)]
pub struct Plan {
    pub dimensions: Vec<Dimension>,
    pub(crate) tables: BTreeMap<ColumnRef, Vec<u32>>,
}

impl Plan {
    /// Number of groups (the product of the dimensions' sizes).
    pub fn groups(&self) -> usize {
        self.dimensions.iter().map(|d| d.labels.len()).product()
    }

    /// The columns the question reads, to load from a snapshot.
    pub fn columns(spec: &QuerySpec) -> Vec<Field> {
        spec.by.iter().chain(spec.filters.iter().map(|f| &f.field)).cloned().collect()
    }
}

impl ResponseIndex {
    pub(crate) fn codes(&self, column: &ColumnRef) -> Codes<'_> {
        match column {
            ColumnRef::Scores => Codes::U8(&self.scores),
            ColumnRef::Days => Codes::U16(&self.days),
            ColumnRef::Units => self.units.codes(),
            ColumnRef::Agents => self.agents.codes(),
            ColumnRef::Label(field) => self.label_column(field).map_or(Codes::U8(&[]), |l| l.column.codes()),
        }
    }

    /// Compiles `spec`; unknown units, agents and values are errors naming them.
    pub fn plan(&self, spec: &QuerySpec, catalog: Catalog<'_>) -> Result<Plan, QueryError> {
        let mut tables: BTreeMap<ColumnRef, Vec<u32>> = BTreeMap::new();
        tables
            .insert(ColumnRef::Scores, (0..=u8::MAX).map(|s| if s <= 10 { u32::from(s) } else { EXCLUDED }).collect());
        for filter in &spec.filters {
            let (column, table) = self.filter_table(filter, catalog)?;
            self.merge(&mut tables, column, table);
        }
        if spec.since.is_some() || spec.until.is_some() {
            let since = spec.since.map_or(0, |d| d.0);
            let until = spec.until.map_or(i32::MAX, |d| d.0);
            let table =
                (0..=i32::from(u16::MAX)).map(|d| if (since..=until).contains(&d) { 0 } else { EXCLUDED }).collect();
            self.merge(&mut tables, ColumnRef::Days, table);
        }
        let scope = unit_scope(spec, catalog)?;
        let mut dimensions = Vec::new();
        let mut stride = 11u64;
        for field in spec.by.iter().rev() {
            let (column, positions, labels) = self.dimension(field, scope, spec, catalog);
            let table = positions
                .into_iter()
                .map(|p| p.map_or(EXCLUDED, |p| (p as u64 * stride).min(u64::from(EXCLUDED)) as u32))
                .collect();
            self.merge(&mut tables, column, table);
            stride *= labels.len().max(1) as u64;
            dimensions.insert(0, Dimension { field: field.clone(), labels });
        }
        if stride >= u64::from(EXCLUDED) {
            return Err(QueryError::TooManyFields(spec.by.len()));
        }
        Ok(Plan { dimensions, tables })
    }

    fn filter_table(&self, filter: &Filter, catalog: Catalog<'_>) -> Result<(ColumnRef, Vec<u32>), QueryError> {
        let pass = |ok: bool| if ok { 0 } else { EXCLUDED };
        match &filter.field {
            Field::Unit | Field::UnitLevel(_) => {
                let wanted: Vec<UnitId> =
                    filter.values.iter().map(|v| find_unit(v, catalog.units)).collect::<Result<_, _>>()?;
                let table = std::iter::once(pass(false))
                    .chain(
                        self.unit_ids
                            .entries()
                            .map(|(_, &id)| pass(wanted.iter().any(|&w| catalog.units.is_within(UnitId(id), w)))),
                    )
                    .collect();
                Ok((ColumnRef::Units, table))
            }
            Field::Agent => {
                let wanted: Vec<i64> =
                    catalog.agents.iter().filter(|(_, n)| filter.values.contains(n)).map(|(id, _)| id.0).collect();
                let none_wanted = filter.values.iter().any(String::is_empty);
                if wanted.is_empty() && !none_wanted {
                    let known: Vec<&str> = catalog.agents.iter().map(|(_, n)| n.as_str()).collect();
                    return Err(unknown_value(&Field::Agent, &filter.values[0], &known));
                }
                let table = std::iter::once(pass(none_wanted))
                    .chain(self.agent_ids.entries().map(|(_, id)| pass(wanted.contains(id))))
                    .collect();
                Ok((ColumnRef::Agents, table))
            }
            Field::Time(_) => Err(QueryError::TimeFilter(filter.field.name())),
            field => {
                let column = self.label_column(field);
                let size = column.map_or(0, |c| c.dictionary.len());
                let mut table = vec![EXCLUDED; size + 1];
                let mut any_known = false;
                for value in &filter.values {
                    let code = if value.is_empty() { Some(0) } else { column.and_then(|c| c.dictionary.code(value)) };
                    if let Some(code) = code {
                        table[code as usize] = 0;
                        any_known = true;
                    }
                }
                // A value no response has yet is fine among others; alone it is
                // most likely a typo, so say which values exist.
                if !any_known {
                    let known: Vec<&str> =
                        column.map(|c| c.dictionary.entries().map(|(_, v)| v.as_str()).collect()).unwrap_or_default();
                    return Err(unknown_value(field, &filter.values[0], &known));
                }
                Ok((ColumnRef::Label(field.clone()), table))
            }
        }
    }

    /// For one breakdown field: the column, each code's group position, and the labels.
    fn dimension(
        &self,
        field: &Field,
        scope: Option<UnitId>,
        spec: &QuerySpec,
        catalog: Catalog<'_>,
    ) -> (ColumnRef, Vec<Option<usize>>, Vec<Option<String>>) {
        match field {
            Field::Unit | Field::UnitLevel(_) => {
                let units = catalog.units;
                let group_of = |id: UnitId| -> Option<UnitId> {
                    match field {
                        Field::UnitLevel(level) => units.ancestor_at_level(id, *level),
                        _ => {
                            let lineage = units.lineage(id);
                            match scope {
                                None => lineage.first().copied(),
                                Some(s) => {
                                    lineage.iter().position(|&u| u == s).map(|i| *lineage.get(i + 1).unwrap_or(&s))
                                }
                            }
                        }
                    }
                };
                let groups: Vec<Option<UnitId>> =
                    std::iter::once(None).chain(self.unit_ids.entries().map(|(_, &id)| group_of(UnitId(id)))).collect();
                let mut labels: Vec<(String, UnitId)> = groups.iter().flatten().map(|&u| (units.path(u), u)).collect();
                labels.sort();
                labels.dedup();
                let positions = groups
                    .iter()
                    .map(|g| Some(g.map_or(labels.len(), |u| labels.iter().position(|(_, l)| *l == u).unwrap_or(0))))
                    .collect();
                let mut names: Vec<Option<String>> = labels.into_iter().map(|(p, _)| Some(p)).collect();
                names.push(None);
                (ColumnRef::Units, positions, names)
            }
            Field::Agent => {
                let name_of = |id: i64| {
                    catalog
                        .agents
                        .iter()
                        .find(|(a, _)| a.0 == id)
                        .map_or_else(|| format!("agent {id}"), |(_, n)| n.clone())
                };
                let names: Vec<String> = self.agent_ids.entries().map(|(_, &id)| name_of(id)).collect();
                let (positions, labels) = sorted_groups(&names);
                (ColumnRef::Agents, positions, labels)
            }
            Field::Time(bucket) => {
                let (first, last) = self.day_range;
                let first = i32::from(first).max(spec.since.map_or(0, |d| d.0));
                let last = i32::from(last).min(spec.until.map_or(i32::MAX, |d| d.0));
                let mut positions = vec![None; usize::from(u16::MAX) + 1];
                let mut labels = Vec::new();
                let mut current = None;
                for day in first..=last {
                    let ordinal = bucket.ordinal(DayNumber(day));
                    if current != Some(ordinal) {
                        current = Some(ordinal);
                        labels.push(Some(bucket.label(ordinal)));
                    }
                    positions[day as usize] = Some(labels.len() - 1);
                }
                if labels.is_empty() {
                    labels.push(Some(Bucket::label(*bucket, bucket.ordinal(DayNumber(first.max(0))))));
                }
                (ColumnRef::Days, positions, labels)
            }
            field => {
                let values: Vec<String> = self
                    .label_column(field)
                    .map(|c| c.dictionary.entries().map(|(_, v)| v.clone()).collect())
                    .unwrap_or_default();
                let (positions, labels) = sorted_groups(&values);
                (ColumnRef::Label(field.clone()), positions, labels)
            }
        }
    }
}

/// Positions for code 0 (no value, last) and codes 1… (their values, sorted; equal values share a group).
fn sorted_groups(values: &[String]) -> (Vec<Option<usize>>, Vec<Option<String>>) {
    let mut sorted: Vec<&String> = values.iter().collect();
    sorted.sort();
    sorted.dedup();
    let position = |v: &String| sorted.binary_search(&v).unwrap_or(0);
    let positions = std::iter::once(Some(sorted.len())).chain(values.iter().map(|v| Some(position(v)))).collect();
    let mut labels: Vec<Option<String>> = sorted.into_iter().map(|v| Some(v.clone())).collect();
    labels.push(None);
    (positions, labels)
}

impl ResponseIndex {
    /// Adds `table` into the table already read from `column`. A column no
    /// response has a value in is all code 0, so its table's first entry
    /// is added to every row through the score table instead.
    fn merge(&self, tables: &mut BTreeMap<ColumnRef, Vec<u32>>, column: ColumnRef, table: Vec<u32>) {
        let (column, table) = match &column {
            ColumnRef::Label(field) if self.label_column(field).is_none() => (ColumnRef::Scores, vec![table[0]; 256]),
            _ => (column, table),
        };
        match tables.get_mut(&column) {
            None => {
                tables.insert(column, table);
            }
            Some(existing) => {
                for (slot, add) in existing.iter_mut().zip(table) {
                    *slot = (*slot + add).min(EXCLUDED);
                }
            }
        }
    }
}

/// The unit whose children `--by unit` lists: the one unit filtered on,
/// else the single top-level unit, else none (list the top level).
fn unit_scope(spec: &QuerySpec, catalog: Catalog<'_>) -> Result<Option<UnitId>, QueryError> {
    let filter = spec.filters.iter().find(|f| matches!(f.field, Field::Unit | Field::UnitLevel(_)));
    match filter {
        Some(f) if f.values.len() == 1 => find_unit(&f.values[0], catalog.units).map(Some),
        Some(_) => Ok(None),
        None => Ok(match catalog.units.roots() {
            [single] => Some(*single),
            _ => None,
        }),
    }
}

/// A unit by full path, or by a path's tail when that is unambiguous
/// (`Nevada` for `Northwind/Americas/Nevada`).
pub fn find_unit(text: &str, units: &UnitTree) -> Result<UnitId, QueryError> {
    let path = vocal_domain::UnitPath::parse(text).map_err(QueryError::BadUnit)?;
    if let Some(id) = units.find(&path) {
        return Ok(id);
    }
    let suffix = format!("/{path}");
    let matches: Vec<UnitId> =
        units.units().iter().map(|u| u.id).filter(|&id| units.path(id).ends_with(&suffix)).collect();
    match matches.as_slice() {
        [one] => Ok(*one),
        [] => Err(QueryError::BadUnit(format!("{text:?} does not exist"))),
        _ => Err(QueryError::BadUnit(format!(
            "{text:?} is ambiguous: {}",
            matches.iter().map(|&id| units.path(id)).collect::<Vec<_>>().join(", ")
        ))),
    }
}

fn unknown_value(field: &Field, value: &str, known: &[&str]) -> QueryError {
    let mut known: Vec<&str> = known.to_vec();
    known.sort_unstable();
    let listed = if known.len() > 30 {
        format!("{} values, e.g. {}", known.len(), known[..10].join(", "))
    } else {
        known.join(", ")
    };
    QueryError::UnknownValue { field: field.name(), value: value.to_string(), known: listed }
}
