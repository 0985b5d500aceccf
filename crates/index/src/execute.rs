//! Runs a compiled plan over the columns: in chunks that stay in the L1
//! cache, one gather-add pass per column, on every core.

use crate::column::Codes;
use crate::index::ResponseIndex;
use crate::plan::{EXCLUDED, Plan};

const CHUNK: usize = 2048;
/// Below this many rows a second thread costs more than it saves.
const ROWS_PER_THREAD: usize = 250_000;

/// Score histograms (0–10) per group, groups in the plan's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Histograms {
    pub groups: Vec<[u64; 11]>,
}

impl Histograms {
    /// All groups together: every response that passed the filters.
    pub fn total(&self) -> [u64; 11] {
        let mut total = [0u64; 11];
        for group in &self.groups {
            for (t, g) in total.iter_mut().zip(group) {
                *t += g;
            }
        }
        total
    }
}

impl ResponseIndex {
    /// Counts each group's scores. Panics if a column the plan reads was not loaded.
    pub fn execute(&self, plan: &Plan) -> Histograms {
        let passes: Vec<(Codes<'_>, &[u32])> = plan.tables.iter().map(|(column, table)| (self.codes(column), table.as_slice())).collect();
        for (codes, _) in &passes {
            assert_eq!(codes.len(), self.rows, "a column the question needs was not loaded");
        }
        let slots = plan.groups() * 11;
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(self.rows / ROWS_PER_THREAD).max(1);
        let counts = if threads == 1 {
            count_range(&passes, 0, self.rows, slots)
        } else {
            let per_thread = self.rows.div_ceil(threads);
            std::thread::scope(|scope| {
                let workers: Vec<_> = (0..threads)
                    .map(|t| {
                        let passes = &passes;
                        let start = t * per_thread;
                        let end = (start + per_thread).min(self.rows);
                        scope.spawn(move || count_range(passes, start, end, slots))
                    })
                    .collect();
                let mut total = vec![0u32; slots + 1];
                for worker in workers {
                    for (t, c) in total.iter_mut().zip(worker.join().expect("a counting thread panicked")) {
                        *t += c;
                    }
                }
                total
            })
        };
        let groups = counts[..slots]
            .chunks_exact(11)
            .map(|c| std::array::from_fn(|s| u64::from(c[s])))
            .collect();
        Histograms { groups }
    }

    /// Ids of responses that pass the plan's filters, newest first, below
    /// `before` (an id), at most `limit`.
    pub fn matching_ids(&self, plan: &Plan, before: Option<i64>, limit: usize) -> Vec<i64> {
        assert_eq!(self.ids.len(), self.rows, "response ids were not loaded");
        let passes: Vec<(Codes<'_>, &[u32])> = plan.tables.iter().map(|(column, table)| (self.codes(column), table.as_slice())).collect();
        let end = before.map_or(self.rows, |b| self.ids.partition_point(|&id| id < b));
        let mut found = Vec::with_capacity(limit);
        let mut keys = [0u32; CHUNK];
        let mut chunk_end = end;
        while chunk_end > 0 && found.len() < limit {
            let start = chunk_end.saturating_sub(CHUNK);
            let keys = &mut keys[..chunk_end - start];
            keys.fill(0);
            for (codes, table) in &passes {
                codes.gather_add(start, keys, table);
            }
            for (offset, &key) in keys.iter().enumerate().rev() {
                if key < EXCLUDED && found.len() < limit {
                    found.push(self.ids[start + offset]);
                }
            }
            chunk_end = start;
        }
        found
    }
}

/// Counts rows `start..end` into `slots` counters plus one for excluded rows.
fn count_range(passes: &[(Codes<'_>, &[u32])], start: usize, end: usize, slots: usize) -> Vec<u32> {
    let mut counts = vec![0u32; slots + 1];
    let mut keys = [0u32; CHUNK];
    let excluded_slot = slots as u32;
    let mut chunk_start = start;
    while chunk_start < end {
        let len = CHUNK.min(end - chunk_start);
        let keys = &mut keys[..len];
        keys.fill(0);
        for (codes, table) in passes {
            codes.gather_add(chunk_start, keys, table);
        }
        for &key in keys.iter() {
            counts[key.min(excluded_slot) as usize] += 1;
        }
        chunk_start += len;
    }
    counts
}
