//! The columns of one organisation's responses, kept in memory so any
//! breakdown with any filters is a scan of a few bytes per response.

use std::collections::BTreeMap;

use jiff::tz::TimeZone;
use vocal_domain::{DayNumber, Field};
use vocal_store::IndexedResponse;

use crate::column::Column;
use crate::dictionary::Dictionary;

/// A column of labels and the dictionary of its values.
#[derive(Debug, Clone, Default)]
pub struct LabelColumn {
    pub column: Column,
    pub dictionary: Dictionary<String>,
}

impl LabelColumn {
    fn code_of(&mut self, value: Option<&str>) -> u32 {
        value.map_or(0, |v| self.dictionary.intern_str(v))
    }
}

/// The built-in label fields, in storage order.
pub const LABELS: [Field; 5] = [Field::Channel, Field::Touchpoint, Field::Account, Field::Source, Field::Language];

/// Why a change could not be applied.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ApplyError {
    /// An existing response changed, but this partial index was loaded
    /// without response ids; load them and apply again.
    #[error("response ids are not loaded")]
    IdsNotLoaded,
}

/// One organisation's responses as columns. A column whose length differs
/// from `rows` was not loaded (a partial load for a single question).
#[derive(Debug, Clone)]
pub struct ResponseIndex {
    pub(crate) time_zone_name: String,
    pub(crate) time_zone: TimeZone,
    /// Highest change sequence applied.
    pub(crate) seq: i64,
    pub(crate) max_id: i64,
    pub(crate) rows: usize,
    pub(crate) ids: Vec<i64>,
    pub(crate) scores: Vec<u8>,
    /// Days since 1970-01-01 in the organisation's zone (to year 2149).
    pub(crate) days: Vec<u16>,
    /// Earliest and latest day present; `(u16::MAX, 0)` when empty.
    pub(crate) day_range: (u16, u16),
    pub(crate) units: Column,
    pub(crate) unit_ids: Dictionary<i64>,
    pub(crate) agents: Column,
    pub(crate) agent_ids: Dictionary<i64>,
    pub(crate) labels: [LabelColumn; 5],
    pub(crate) attributes: BTreeMap<String, LabelColumn>,
}

impl ResponseIndex {
    pub fn new(time_zone_name: &str) -> Result<Self, jiff::Error> {
        let time_zone = TimeZone::get(time_zone_name)?;
        Ok(ResponseIndex {
            time_zone_name: time_zone_name.to_string(),
            time_zone,
            seq: 0,
            max_id: 0,
            rows: 0,
            ids: Vec::new(),
            scores: Vec::new(),
            days: Vec::new(),
            day_range: (u16::MAX, 0),
            units: Column::default(),
            unit_ids: Dictionary::default(),
            agents: Column::default(),
            agent_ids: Dictionary::default(),
            labels: Default::default(),
            attributes: BTreeMap::new(),
        })
    }

    /// The change sequence this index reflects.
    pub fn seq(&self) -> i64 {
        self.seq
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    pub fn time_zone(&self) -> &TimeZone {
        &self.time_zone
    }

    pub fn time_zone_name(&self) -> &str {
        &self.time_zone_name
    }

    /// Whether every column is loaded (not a partial load from a snapshot).
    pub fn is_complete(&self) -> bool {
        let rows = self.rows;
        self.ids.len() == rows
            && self.scores.len() == rows
            && self.days.len() == rows
            && self.units.len() == rows
            && self.agents.len() == rows
            && self.labels.iter().all(|l| l.column.len() == rows)
            && self.attributes.values().all(|a| a.column.len() == rows)
    }

    /// Custom attribute names, sorted.
    pub fn attribute_names(&self) -> Vec<String> {
        self.attributes.keys().cloned().collect()
    }

    /// Applies a change read from the database; older changes are ignored.
    pub fn apply(&mut self, response: &IndexedResponse) -> Result<(), ApplyError> {
        if response.seq <= self.seq {
            return Ok(());
        }
        if response.id.0 > self.max_id {
            self.write(None, response);
        } else {
            if self.ids.len() != self.rows {
                return Err(ApplyError::IdsNotLoaded);
            }
            match self.ids.binary_search(&response.id.0) {
                Ok(row) => self.write(Some(row), response),
                Err(_) => self.write(None, response), // an id below max that we never saw
            }
        }
        self.seq = response.seq;
        Ok(())
    }

    fn day_of(&self, ms: i64) -> u16 {
        DayNumber::of_timestamp_ms(ms, &self.time_zone).0.clamp(0, i32::from(u16::MAX)) as u16
    }

    /// Writes a response's codes at `row`, or appends them when `row` is `None`.
    /// Columns that were not loaded are left alone.
    fn write(&mut self, row: Option<usize>, r: &IndexedResponse) {
        let rows = self.rows;
        let day = self.day_of(r.submitted_at_ms);
        self.day_range = (self.day_range.0.min(day), self.day_range.1.max(day));
        let unit = r.unit_id.map_or(0, |u| self.unit_ids.intern(&u.0));
        let agent = r.agent_id.map_or(0, |a| self.agent_ids.intern(&a.0));
        for name in r.attributes.keys() {
            if !self.attributes.contains_key(name) {
                let column = LabelColumn { column: Column::empty(rows), ..Default::default() };
                self.attributes.insert(name.clone(), column);
            }
        }
        put_plain(&mut self.ids, rows, row, r.id.0);
        put_plain(&mut self.scores, rows, row, r.score.value());
        put_plain(&mut self.days, rows, row, day);
        put_code(&mut self.units, rows, row, unit);
        put_code(&mut self.agents, rows, row, agent);
        for (label, value) in self.labels.iter_mut().zip(label_values(r)) {
            let code = label.code_of(value);
            put_code(&mut label.column, rows, row, code);
        }
        for (name, attribute) in &mut self.attributes {
            let code = attribute.code_of(r.attributes.get(name).map(String::as_str));
            put_code(&mut attribute.column, rows, row, code);
        }
        if row.is_none() {
            self.rows += 1;
            self.max_id = self.max_id.max(r.id.0);
        }
    }

    /// The label column behind a built-in label field or an attribute.
    pub(crate) fn label_column(&self, field: &Field) -> Option<&LabelColumn> {
        match field {
            Field::Attribute(name) => self.attributes.get(name),
            _ => LABELS.iter().position(|f| f == field).map(|i| &self.labels[i]),
        }
    }

    /// Bytes held by the columns (dictionaries excluded).
    pub fn memory_bytes(&self) -> usize {
        self.ids.len() * 8
            + self.scores.len()
            + self.days.len() * 2
            + self.units.memory_bytes()
            + self.agents.memory_bytes()
            + self.labels.iter().map(|l| l.column.memory_bytes()).sum::<usize>()
            + self.attributes.values().map(|l| l.column.memory_bytes()).sum::<usize>()
    }
}

fn label_values(r: &IndexedResponse) -> [Option<&str>; 5] {
    [
        r.channel.as_deref(),
        r.touchpoint.as_deref(),
        r.account.as_deref(),
        Some(r.source.as_str()),
        r.language.as_deref(),
    ]
}

/// Sets or appends a value in a plain column, if that column is loaded.
fn put_plain<T>(column: &mut Vec<T>, rows: usize, row: Option<usize>, value: T) {
    if column.len() == rows {
        match row {
            Some(row) => column[row] = value,
            None => column.push(value),
        }
    }
}

/// Sets or appends a code in a coded column, if that column is loaded.
fn put_code(column: &mut Column, rows: usize, row: Option<usize>, code: u32) {
    if column.len() == rows {
        match row {
            Some(row) => column.set(row, code),
            None => column.push(code),
        }
    }
}
