//! Which custom attributes a set of responses has. Names are the
//! organisation's, but a name is itself information: an attribute only one
//! region's responses carry must not show as a tab, a hint or an export
//! column to a manager or an agent of another.

use crate::column::Codes;
use crate::index::ResponseIndex;
use crate::plan::{EXCLUDED, Plan};

/// Rows whose keys are computed at once.
const CHUNK: usize = 2048;

impl ResponseIndex {
    /// The attribute names (sorted) that at least one response passing the
    /// plan's filters has a value for. One pass over the rows at most, and
    /// it stops as soon as every name has been seen; each attribute column
    /// is read only at the rows that pass. Columns not loaded are left out.
    pub fn attribute_names_within(&self, plan: &Plan) -> Vec<String> {
        let passes: Vec<(Codes<'_>, &[u32])> =
            plan.tables.iter().map(|(column, table)| (self.codes(column), table.as_slice())).collect();
        let mut unseen: Vec<(&String, Codes<'_>)> = self
            .attributes
            .iter()
            .filter(|(_, attribute)| attribute.column.len() == self.rows)
            .map(|(name, attribute)| (name, attribute.column.codes()))
            .collect();
        let mut seen = Vec::new();
        let mut keys = [0u32; CHUNK];
        let mut passing = Vec::with_capacity(CHUNK);
        let mut start = 0;
        while start < self.rows && !unseen.is_empty() {
            let end = (start + CHUNK).min(self.rows);
            let keys = &mut keys[..end - start];
            keys.fill(0);
            for (codes, table) in &passes {
                codes.gather_add(start, keys, table);
            }
            passing.clear();
            passing.extend(keys.iter().enumerate().filter(|(_, key)| **key < EXCLUDED).map(|(i, _)| start + i));
            unseen.retain(|(name, codes)| {
                let present = passing.iter().any(|&row| codes.get(row) != 0);
                if present {
                    seen.push((*name).clone());
                }
                !present
            });
            start = end;
        }
        seen.sort();
        seen
    }
}
