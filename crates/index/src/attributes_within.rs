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
    /// it stops as soon as every name has been seen. Columns not loaded are
    /// left out.
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
        let mut start = 0;
        while start < self.rows && !unseen.is_empty() {
            let end = (start + CHUNK).min(self.rows);
            let keys = &mut keys[..end - start];
            keys.fill(0);
            for (codes, table) in &passes {
                codes.gather_add(start, keys, table);
            }
            unseen.retain(|(name, codes)| {
                let present = has_value_where_passing(*codes, start, keys);
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

/// Whether a row of `keys` (rows `start…`) passes and has a value. No early
/// exit within a chunk, so the loop is a plain zip the compiler vectorises.
fn has_value_where_passing(codes: Codes<'_>, start: usize, keys: &[u32]) -> bool {
    fn run<T: Copy + Into<u32>>(codes: &[T], keys: &[u32]) -> bool {
        codes.iter().zip(keys).fold(false, |found, (&code, &key)| found | ((key < EXCLUDED) & (code.into() != 0)))
    }
    let end = start + keys.len();
    match codes {
        Codes::U8(v) => run(&v[start..end], keys),
        Codes::U16(v) => run(&v[start..end], keys),
        Codes::U32(v) => run(&v[start..end], keys),
    }
}
