//! How many times each row content has appeared so far in a file, in 8
//! bytes a distinct row, so that numbering identical rows (see `dedupe.rs`)
//! costs 160 MB at 20 million rows rather than the 1 GB a `HashMap` of
//! 16-byte keys and counts takes.
//!
//! Contents are 64-bit fingerprints (the first 8 bytes of their first-copy
//! key). Two different contents share one with a chance of about n² / 2⁶⁵
//! per file (10⁻⁵ at 20 million rows); the later of the two is then
//! numbered as a second copy. Its key is still its own content's, and the
//! same file gives the same keys again, so re-importing skips every row;
//! only an overlapping export that lacks the other row would store it twice.
//!
//! Fingerprints live in 256 sorted shards (by their first byte) and a hash
//! set of recent ones, merged into the shards whenever it holds a sixteenth
//! of the total: lookups are a hash probe and a binary search, memory is the
//! fingerprints themselves plus that sixteenth, and no step ever copies all
//! of them at once.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// Fewest fingerprints gathered before a merge.
const MIN_RECENT: usize = 1 << 16;

#[derive(Debug)]
pub(crate) struct SeenContents {
    shards: Vec<Vec<u64>>,
    recent: HashSet<u64, Identity>,
    /// Counts of the fingerprints seen more than once.
    repeats: HashMap<u64, u32, Identity>,
    total: usize,
}

impl Default for SeenContents {
    fn default() -> Self {
        SeenContents {
            shards: vec![Vec::new(); 256],
            recent: HashSet::default(),
            repeats: HashMap::default(),
            total: 0,
        }
    }
}

impl SeenContents {
    /// Counts one more appearance of `fingerprint`: 1 the first time.
    pub(crate) fn count(&mut self, fingerprint: u64) -> u32 {
        if let Some(count) = self.repeats.get_mut(&fingerprint) {
            *count += 1;
            return *count;
        }
        let shard = &self.shards[(fingerprint >> 56) as usize];
        if self.recent.contains(&fingerprint) || shard.binary_search(&fingerprint).is_ok() {
            self.repeats.insert(fingerprint, 2);
            return 2;
        }
        self.recent.insert(fingerprint);
        self.total += 1;
        if self.recent.len() >= MIN_RECENT.max(self.total / 16) {
            self.merge_recent();
        }
        1
    }

    fn merge_recent(&mut self) {
        let mut fresh: Vec<u64> = self.recent.drain().collect();
        fresh.sort_unstable();
        let mut rest = fresh.as_slice();
        for (first_byte, shard) in self.shards.iter_mut().enumerate() {
            let split = rest.partition_point(|&f| (f >> 56) as usize == first_byte);
            let (mine, later) = rest.split_at(split);
            merge_into(shard, mine);
            rest = later;
        }
    }
}

/// Merges sorted `fresh` into sorted `shard` in place, from the back.
fn merge_into(shard: &mut Vec<u64>, fresh: &[u64]) {
    if fresh.is_empty() {
        return;
    }
    let (mut old, mut new) = (shard.len(), fresh.len());
    shard.reserve_exact(new);
    shard.resize(old + new, 0);
    while new > 0 {
        let slot = old + new - 1;
        if old > 0 && shard[old - 1] > fresh[new - 1] {
            shard[slot] = shard[old - 1];
            old -= 1;
        } else {
            shard[slot] = fresh[new - 1];
            new -= 1;
        }
    }
}

/// Fingerprints are hash output already: hashing them again would only cost time.
type Identity = BuildHasherDefault<IdentityHasher>;

#[derive(Debug, Default)]
pub(crate) struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(byte);
        }
    }
    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A spread of 64-bit values, many repeated, from a fixed seed.
    fn values(n: usize) -> Vec<u64> {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                if x.is_multiple_of(5) { x % 1000 } else { x } // small values repeat
            })
            .collect()
    }

    #[test]
    fn counts_equal_a_plain_map_across_many_merges() {
        let mut seen = SeenContents::default();
        let mut reference: HashMap<u64, u32> = HashMap::new();
        for value in values(300_000) {
            let expected = reference.entry(value).or_insert(0);
            *expected += 1;
            assert_eq!(seen.count(value), *expected, "value {value}");
        }
        assert!(seen.shards.iter().all(|s| s.is_sorted()));
    }

    #[test]
    fn merging_keeps_every_value_once_and_in_order() {
        let mut shard = vec![1, 4, 9];
        merge_into(&mut shard, &[0, 5, 10]);
        assert_eq!(shard, [0, 1, 4, 5, 9, 10]);
    }
}
