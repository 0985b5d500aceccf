//! A compact file of the index's columns, so a fresh process answers in
//! milliseconds instead of re-reading every response from the database.
//! Only the columns a question needs are read back. The file names the
//! database and change sequence it reflects; the reader catches up from
//! there, and a file from another database is ignored.
//!
//! Layout: `VOCALIX1`, a little-endian u64 header length, a JSON header
//! (dictionaries and column offsets), then each column's codes, little-endian.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;

use vocal_domain::{Field, QuerySpec};

use crate::column::Column;
use crate::dictionary::Dictionary;
use crate::index::{LABELS, LabelColumn, ResponseIndex};

const MAGIC: &[u8; 8] = b"VOCALIX1";

/// Which database and organisation a snapshot belongs to.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Identity {
    pub instance_id: String,
    pub org_id: i64,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Header {
    identity: Identity,
    time_zone: String,
    seq: i64,
    max_id: i64,
    rows: usize,
    day_range: (u16, u16),
    unit_ids: Dictionary<i64>,
    agent_ids: Dictionary<i64>,
    labels: Vec<Dictionary<String>>,
    attributes: BTreeMap<String, Dictionary<String>>,
    columns: Vec<ColumnEntry>,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct ColumnEntry {
    name: String,
    width: usize,
    offset: u64,
}

/// Column names a question reads (response ids only when asked).
pub fn columns_for(spec: &QuerySpec, with_ids: bool) -> BTreeSet<String> {
    let mut names: BTreeSet<String> = ["scores".to_string()].into();
    if with_ids {
        names.insert("ids".into());
    }
    if spec.since.is_some() || spec.until.is_some() {
        names.insert("days".into());
    }
    for field in crate::Plan::columns(spec) {
        names.insert(column_name(&field));
    }
    names
}

fn column_name(field: &Field) -> String {
    match field {
        Field::Unit | Field::UnitLevel(_) => "units".into(),
        Field::Agent => "agents".into(),
        Field::Time(_) => "days".into(),
        Field::Attribute(name) => format!("attr:{name}"),
        other => format!("label:{}", other.name()),
    }
}

/// What to read back.
pub enum Selection {
    All,
    Only(BTreeSet<String>),
}

impl Selection {
    fn wants(&self, name: &str) -> bool {
        match self {
            Selection::All => true,
            Selection::Only(names) => names.contains(name),
        }
    }
}

/// Writes the whole index to `path` atomically (a temporary file, synced, renamed).
pub fn save(index: &ResponseIndex, identity: &Identity, path: &Path) -> std::io::Result<()> {
    let mut columns: Vec<(String, usize, &[u8])> = vec![
        ("ids".into(), 8, bytemuck::cast_slice(&index.ids)),
        ("scores".into(), 1, index.scores.as_slice()),
        ("days".into(), 2, bytemuck::cast_slice(&index.days)),
        ("units".into(), index.units.width(), index.units.as_bytes()),
        ("agents".into(), index.agents.width(), index.agents.as_bytes()),
    ];
    for (field, label) in LABELS.iter().zip(&index.labels) {
        columns.push((column_name(field), label.column.width(), label.column.as_bytes()));
    }
    for (name, attribute) in &index.attributes {
        columns.push((format!("attr:{name}"), attribute.column.width(), attribute.column.as_bytes()));
    }
    if let Some((name, _, bytes)) = columns.iter().find(|(_, width, bytes)| bytes.len() != index.rows * width) {
        return Err(std::io::Error::other(format!("column {name} is not loaded ({} bytes)", bytes.len())));
    }
    let mut offset = 0u64;
    let entries = columns
        .iter()
        .map(|(name, width, bytes)| {
            let entry = ColumnEntry { name: name.clone(), width: *width, offset };
            offset += bytes.len() as u64;
            entry
        })
        .collect();
    let header = Header {
        identity: identity.clone(),
        time_zone: index.time_zone_name.clone(),
        seq: index.seq,
        max_id: index.max_id,
        rows: index.rows,
        day_range: index.day_range,
        unit_ids: index.unit_ids.clone(),
        agent_ids: index.agent_ids.clone(),
        labels: index.labels.iter().map(|l| l.dictionary.clone()).collect(),
        attributes: index.attributes.iter().map(|(n, a)| (n.clone(), a.dictionary.clone())).collect(),
        columns: entries,
    };
    let header = serde_json::to_vec(&header).map_err(std::io::Error::other)?;
    let temporary = path.with_extension("tmp");
    let mut out = BufWriter::new(File::create(&temporary)?);
    out.write_all(MAGIC)?;
    out.write_all(&(header.len() as u64).to_le_bytes())?;
    out.write_all(&header)?;
    for (_, _, bytes) in &columns {
        out.write_all(bytes)?;
    }
    let file = out.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&temporary, path)
}

/// Reads a snapshot back with the selected columns. `Ok(None)` when the
/// file is missing, from another database, or in another time zone.
pub fn load(
    path: &Path,
    identity: &Identity,
    time_zone: &str,
    selection: &Selection,
) -> std::io::Result<Option<ResponseIndex>> {
    let mut file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let mut magic = [0u8; 8];
    let mut length = [0u8; 8];
    if file.read_exact(&mut magic).is_err() || &magic != MAGIC || file.read_exact(&mut length).is_err() {
        return Ok(None);
    }
    let mut header = vec![0u8; u64::from_le_bytes(length) as usize];
    file.read_exact(&mut header)?;
    let Ok(header) = serde_json::from_slice::<Header>(&header) else {
        return Ok(None);
    };
    if &header.identity != identity || header.time_zone != time_zone || cfg!(target_endian = "big") {
        return Ok(None);
    }
    let data_start = 16 + u64::from_le_bytes(length);
    let rows = header.rows;
    let mut index = ResponseIndex::new(&header.time_zone).map_err(std::io::Error::other)?;
    // Fills `buffer` with a selected column's bytes; leaves it empty (not loaded) otherwise.
    let mut read = |name: &str, buffer: &mut [u8]| -> std::io::Result<bool> {
        match header.columns.iter().find(|c| c.name == name) {
            Some(entry) if selection.wants(name) && entry.width * rows == buffer.len() => {
                file.seek(SeekFrom::Start(data_start + entry.offset))?;
                file.read_exact(buffer)?;
                Ok(true)
            }
            _ => Ok(false),
        }
    };
    let mut ids = vec![0i64; rows];
    if read("ids", bytemuck::cast_slice_mut(&mut ids))? {
        index.ids = ids;
    }
    let mut scores = vec![0u8; rows];
    if read("scores", &mut scores)? {
        index.scores = scores;
    }
    let mut days = vec![0u16; rows];
    if read("days", bytemuck::cast_slice_mut(&mut days))? {
        index.days = days;
    }
    let width = |name: &str| header.columns.iter().find(|c| c.name == name).map_or(2, |c| c.width);
    let mut coded = |name: &str| -> std::io::Result<Column> {
        if !selection.wants(name) {
            return Ok(Column::default());
        }
        let mut column = Column::zeroed(width(name), rows).ok_or_else(|| std::io::Error::other("bad column width"))?;
        Ok(if read(name, column.as_bytes_mut())? { column } else { Column::default() })
    };
    index.units = coded("units")?;
    index.agents = coded("agents")?;
    for ((field, label), mut dictionary) in LABELS.iter().zip(index.labels.iter_mut()).zip(header.labels.clone()) {
        dictionary.reindex();
        *label = LabelColumn { column: coded(&column_name(field))?, dictionary };
    }
    for (name, mut dictionary) in header.attributes.clone() {
        dictionary.reindex();
        let column = coded(&format!("attr:{name}"))?;
        index.attributes.insert(name, LabelColumn { column, dictionary });
    }
    index.unit_ids = header.unit_ids;
    index.unit_ids.reindex();
    index.agent_ids = header.agent_ids;
    index.agent_ids.reindex();
    index.seq = header.seq;
    index.max_id = header.max_id;
    index.rows = header.rows;
    index.day_range = header.day_range;
    Ok(Some(index))
}
