//! Runs a compiled plan over the columns on every core. The common case —
//! the score plus up to three 16-bit columns — is one fused loop that
//! reads each column once and touches nothing else; anything wider goes
//! through chunks of keys, one gather-add pass per column.

use crate::column::Codes;
use crate::index::ResponseIndex;
use crate::plan::{ColumnRef, EXCLUDED, Plan};

const CHUNK: usize = 2048;
/// Counters past the groups': one slot where excluded rows are counted.
const SPREAD: usize = 1;
/// Below this many rows a second thread costs more than it saves.
const ROWS_PER_THREAD: usize = 250_000;
/// A lookup table indexed by any 16-bit code, so lookups need no bounds check.
type Table16 = [u32; 1 << 16];

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

/// A code the fused loop can look up without a bounds check.
trait Narrow: Copy {
    fn index(self) -> usize;
}

impl Narrow for u8 {
    fn index(self) -> usize {
        usize::from(self)
    }
}

impl Narrow for u16 {
    fn index(self) -> usize {
        usize::from(self)
    }
}

/// Runs `$body` with `$codes` bound to the column's slice of its own width.
macro_rules! with_width {
    ($column:expr, |$codes:ident| $body:expr) => {
        match $column {
            Codes::U8($codes) => $body,
            Codes::U16($codes) => $body,
            Codes::U32(_) => unreachable!("32-bit columns go through the chunked loop"),
        }
    };
}

/// The plan bound to the columns it reads.
enum Kernel<'a> {
    /// Scores and up to three narrow columns, each with a full-size table.
    Fused { scores: &'a [u8], score_table: Box<[u32; 256]>, columns: Vec<(Codes<'a>, Box<Table16>)> },
    /// Anything else.
    Chunked(Vec<(Codes<'a>, &'a [u32])>),
}

impl ResponseIndex {
    fn kernel<'a>(&'a self, plan: &'a Plan) -> Kernel<'a> {
        let mut columns = Vec::new();
        let mut score_table = Box::new([EXCLUDED; 256]);
        for (column, table) in &plan.tables {
            match (column, self.codes(column)) {
                (ColumnRef::Scores, Codes::U8(_)) => {
                    score_table[..table.len().min(256)].copy_from_slice(&table[..table.len().min(256)])
                }
                (_, codes @ (Codes::U8(_) | Codes::U16(_))) if columns.len() < 3 => {
                    let mut full: Box<Table16> =
                        vec![0u32; 1 << 16].into_boxed_slice().try_into().expect("the size is 2^16");
                    full[..table.len()].copy_from_slice(table);
                    columns.push((codes, full));
                }
                _ => return Kernel::Chunked(plan.tables.iter().map(|(c, t)| (self.codes(c), t.as_slice())).collect()),
            }
        }
        Kernel::Fused { scores: &self.scores, score_table, columns }
    }

    /// Counts each group's scores on every core. Panics if a column the plan
    /// reads was not loaded.
    pub fn execute(&self, plan: &Plan) -> Histograms {
        self.execute_on(plan, std::thread::available_parallelism().map_or(1, |n| n.get()))
    }

    /// [`ResponseIndex::execute`] on at most `threads` threads (benchmarks compare 1 and 2).
    pub fn execute_on(&self, plan: &Plan, threads: usize) -> Histograms {
        for column in plan.tables.keys() {
            assert_eq!(self.codes(column).len(), self.rows, "a column the question needs was not loaded");
        }
        let kernel = self.kernel(plan);
        let slots = plan.groups() * 11;
        let threads = threads.min(self.rows / ROWS_PER_THREAD).max(1);
        let per_thread = self.rows.div_ceil(threads);
        let count = |t: usize| {
            let start = t * per_thread;
            let end = (start + per_thread).min(self.rows);
            let mut counts = vec![0u32; slots + SPREAD];
            match &kernel {
                Kernel::Fused { scores, score_table, columns } => {
                    count_fused(scores, score_table, columns, start..end, &mut counts)
                }
                Kernel::Chunked(passes) => count_chunked(passes, start..end, &mut counts),
            }
            counts
        };
        let counts = if threads == 1 {
            count(0)
        } else {
            std::thread::scope(|scope| {
                let workers: Vec<_> = (0..threads).map(|t| scope.spawn(move || count(t))).collect();
                let mut total = vec![0u32; slots + SPREAD];
                for worker in workers {
                    for (t, c) in total.iter_mut().zip(worker.join().expect("a counting thread panicked")) {
                        *t += c;
                    }
                }
                total
            })
        };
        let groups = counts[..slots].chunks_exact(11).map(|c| std::array::from_fn(|s| u64::from(c[s]))).collect();
        Histograms { groups }
    }

    /// Ids of responses that pass the plan's filters, newest first, below
    /// `before` (an id), at most `limit`.
    pub fn matching_ids(&self, plan: &Plan, before: Option<i64>, limit: usize) -> Vec<i64> {
        assert_eq!(self.ids.len(), self.rows, "response ids were not loaded");
        let passes: Vec<(Codes<'_>, &[u32])> =
            plan.tables.iter().map(|(column, table)| (self.codes(column), table.as_slice())).collect();
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

/// The fused loop, written out per number of columns (and instantiated per
/// column width) so each is a plain zip the compiler keeps free of bounds checks.
fn count_fused(
    scores: &[u8],
    score_table: &[u32; 256],
    columns: &[(Codes<'_>, Box<Table16>)],
    rows: std::ops::Range<usize>,
    counts: &mut [u32],
) {
    let scores = &scores[rows.clone()];
    // Scores are 0–10 and most questions add the same number to each: then
    // the score is added directly, sparing a lookup per row.
    let offset = score_table[0];
    if (0..=10u32).all(|s| score_table[s as usize] == offset + s) {
        fused(scores, move |s| u32::from(s) + offset, columns, rows, counts);
    } else {
        fused(scores, |s| score_table[usize::from(s)], columns, rows, counts);
    }
}

fn fused(
    scores: &[u8],
    score: impl Fn(u8) -> u32 + Copy,
    columns: &[(Codes<'_>, Box<Table16>)],
    rows: std::ops::Range<usize>,
    counts: &mut [u32],
) {
    match columns {
        [] => fused0(scores, score, counts),
        [(a, ta)] => with_width!(a, |a| fused1(scores, score, (&a[rows], ta), counts)),
        [(a, ta), (b, tb)] => with_width!(a, |a| with_width!(b, |b| fused2(
            scores,
            score,
            (&a[rows.clone()], ta),
            (&b[rows.clone()], tb),
            counts
        ))),
        [(a, ta), (b, tb), (c, tc)] => with_width!(a, |a| with_width!(b, |b| with_width!(c, |c| fused3(
            scores,
            score,
            (&a[rows.clone()], ta),
            (&b[rows.clone()], tb),
            (&c[rows.clone()], tc),
            counts
        )))),
        _ => unreachable!("the kernel holds at most three columns"),
    }
}

/// The counter of a key: its group's, or the slot of excluded rows. (Spreading
/// excluded rows over several slots, to break the chain of increments to one
/// address, measured slower: the extra arithmetic costs more than it saves.)
#[inline(always)]
fn slot(key: u32, excluded: u32) -> usize {
    key.min(excluded) as usize
}

fn fused0(scores: &[u8], score: impl Fn(u8) -> u32, counts: &mut [u32]) {
    let excluded = (counts.len() - SPREAD) as u32;
    for &s in scores {
        counts[slot(score(s), excluded)] += 1;
    }
}

fn fused1<A: Narrow>(scores: &[u8], score: impl Fn(u8) -> u32, (a, ta): (&[A], &Table16), counts: &mut [u32]) {
    let excluded = (counts.len() - SPREAD) as u32;
    for (&s, &a) in scores.iter().zip(a) {
        let key = score(s) + ta[a.index()];
        counts[slot(key, excluded)] += 1;
    }
}

fn fused2<A: Narrow, B: Narrow>(
    scores: &[u8],
    score: impl Fn(u8) -> u32,
    (a, ta): (&[A], &Table16),
    (b, tb): (&[B], &Table16),
    counts: &mut [u32],
) {
    let excluded = (counts.len() - SPREAD) as u32;
    for ((&s, &a), &b) in scores.iter().zip(a).zip(b) {
        let key = score(s) + ta[a.index()] + tb[b.index()];
        counts[slot(key, excluded)] += 1;
    }
}

fn fused3<A: Narrow, B: Narrow, C: Narrow>(
    scores: &[u8],
    score: impl Fn(u8) -> u32,
    (a, ta): (&[A], &Table16),
    (b, tb): (&[B], &Table16),
    (c, tc): (&[C], &Table16),
    counts: &mut [u32],
) {
    let excluded = (counts.len() - SPREAD) as u32;
    for (((&s, &a), &b), &c) in scores.iter().zip(a).zip(b).zip(c) {
        let key = score(s) + ta[a.index()] + tb[b.index()] + tc[c.index()];
        counts[slot(key, excluded)] += 1;
    }
}

/// Counts rows in chunks of keys, one gather-add pass per column.
fn count_chunked(passes: &[(Codes<'_>, &[u32])], rows: std::ops::Range<usize>, counts: &mut [u32]) {
    let mut keys = [0u32; CHUNK];
    let excluded_slot = (counts.len() - SPREAD) as u32;
    let mut chunk_start = rows.start;
    while chunk_start < rows.end {
        let len = CHUNK.min(rows.end - chunk_start);
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fused_and_the_chunked_loops_count_alike() {
        let rows = 10_000;
        let scores: Vec<u8> = (0..rows).map(|i| (i * 7 % 11) as u8).collect();
        let a: Vec<u16> = (0..rows).map(|i| (i % 5) as u16).collect();
        let b: Vec<u16> = (0..rows).map(|i| (i * 13 % 3) as u16).collect();
        let b8: Vec<u8> = b.iter().map(|&v| v as u8).collect();
        let mut score_table = [EXCLUDED; 256];
        for s in 0..=10u32 {
            score_table[s as usize] = s;
        }
        // Group by `a` (stride 11 × 3), by `b` (stride 11), and exclude b == 2 via `b`'s table.
        let ta: Vec<u32> = (0..5).map(|v| v * 33).collect();
        let tb: Vec<u32> = vec![0, 11, EXCLUDED];
        let full = |t: &[u32]| {
            let mut f: Box<Table16> = vec![0u32; 1 << 16].into_boxed_slice().try_into().unwrap();
            f[..t.len()].copy_from_slice(t);
            f
        };
        let slots = 5 * 3 * 11;
        let mut fused = vec![0u32; slots + SPREAD];
        count_fused(
            &scores,
            &score_table,
            &[(Codes::U16(&a), full(&ta)), (Codes::U8(&b8), full(&tb))],
            0..rows,
            &mut fused,
        );
        let mut chunked = vec![0u32; slots + SPREAD];
        let passes = [(Codes::U8(&scores), &score_table[..]), (Codes::U16(&a), &ta[..]), (Codes::U16(&b), &tb[..])];
        count_chunked(&passes, 0..rows, &mut chunked);
        assert_eq!(fused[..slots], chunked[..slots]);
        // By hand: rows with i * 13 % 3 == 2 are excluded, a third of them.
        let excluded = (0..rows).filter(|i| i * 13 % 3 == 2).count() as u32;
        assert_eq!(fused[slots..].iter().sum::<u32>(), excluded);
        assert_eq!(chunked[slots..].iter().sum::<u32>(), excluded);
        assert_eq!(fused.iter().sum::<u32>(), rows as u32);
    }
}
