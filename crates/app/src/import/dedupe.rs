//! De-duplication keys, so that importing the same file twice, or two
//! exports that overlap, stores every response once — while two customers
//! who happened to give the same answer at the same minute are both kept.
//!
//! A row with a response id gets `SHA-256("id:" ‖ id)`. Any other row gets
//! `SHA-256(content ‖ n)`, where `content` is the canonical encoding below
//! and `n` (u32, big-endian) is the row's occurrence among identical rows
//! of the file (1 for the first copy, 2 for the second, …). Keys are the
//! first 16 bytes. Changing the encoding changes every key, so it is
//! versioned (`vocal-row-v1`) and documented in `docs/import.md`.
//!
//! Every content key is first computed with `n = 1`; that key also tells
//! identical rows apart from different ones, so only the later copies of a
//! repeated row are hashed again. A count per first-copy key numbers the
//! copies as rows arrive, so keys are final at once and rows can be stored
//! while the rest of the file is still being read.

use std::collections::HashMap;

use sha2::{Digest, Sha256};
use vocal_domain::Email;
use vocal_store::NewResponse;

/// Hands out keys for the rows of one file, in file order.
#[derive(Debug, Default)]
pub(crate) struct DedupeKeys {
    /// Copies seen so far of each content, by first-copy key.
    copies: HashMap<u128, u32>,
    /// Reused for every row's canonical encoding.
    buffer: Vec<u8>,
}

impl DedupeKeys {
    /// Room for about `rows` rows.
    pub(crate) fn with_capacity(rows: usize) -> Self {
        DedupeKeys { copies: HashMap::with_capacity(rows), buffer: Vec::new() }
    }

    /// The key of the next row in file order.
    pub(crate) fn key(&mut self, row: &NewResponse, response_id: Option<&str>) -> [u8; 16] {
        if let Some(id) = response_id {
            return first_16(&Sha256::new().chain_update(b"id:").chain_update(id.as_bytes()).finalize());
        }
        let first = content_key(&mut self.buffer, row, 1);
        let copies = self.copies.entry(u128::from_be_bytes(first)).or_insert(0);
        *copies += 1;
        match *copies {
            1 => first,
            n => content_key(&mut self.buffer, row, n),
        }
    }
}

fn content_key(buffer: &mut Vec<u8>, row: &NewResponse, occurrence: u32) -> [u8; 16] {
    buffer.clear();
    canonical_content(row, buffer);
    buffer.extend_from_slice(&occurrence.to_be_bytes());
    first_16(&Sha256::digest(&buffer))
}

fn first_16(digest: &[u8]) -> [u8; 16] {
    let mut key = [0; 16];
    key.copy_from_slice(&digest[..16]);
    key
}

/// Every parsed field, in a fixed order, each text length-prefixed so no two
/// different rows encode alike: `vocal-row-v1`, score (1 byte), submitted_at
/// as Unix ms (i64 BE), then comment, channel, touchpoint, unit (its names),
/// agent, contact_email, account and language (each `0` if absent, else `1`
/// and the text), then the attribute count and each name and value in name
/// order. `source` is not included: it is the same for a whole import.
fn canonical_content(row: &NewResponse, out: &mut Vec<u8>) {
    out.extend_from_slice(b"vocal-row-v1");
    out.push(row.score.value());
    out.extend_from_slice(&row.submitted_at_ms.to_be_bytes());
    put_optional(out, row.comment.as_deref());
    put_optional(out, row.channel.as_deref());
    put_optional(out, row.touchpoint.as_deref());
    match &row.unit {
        None => out.push(0),
        Some(unit) => {
            out.push(1);
            put_len(out, unit.names().len());
            for name in unit.names() {
                put_text(out, name);
            }
        }
    }
    put_optional(out, row.agent.as_deref());
    put_optional(out, row.contact_email.as_ref().map(Email::as_str));
    put_optional(out, row.account.as_deref());
    put_optional(out, row.language.as_deref());
    put_len(out, row.attributes.len());
    for (name, value) in &row.attributes {
        put_text(out, name);
        put_text(out, value);
    }
}

fn put_len(out: &mut Vec<u8>, len: usize) {
    out.extend_from_slice(&(len as u64).to_be_bytes());
}

fn put_text(out: &mut Vec<u8>, text: &str) {
    put_len(out, text.len());
    out.extend_from_slice(text.as_bytes());
}

fn put_optional(out: &mut Vec<u8>, text: Option<&str>) {
    match text {
        None => out.push(0),
        Some(text) => {
            out.push(1);
            put_text(out, text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vocal_domain::Score;

    fn row(comment: Option<&str>) -> NewResponse {
        NewResponse {
            dedupe_key: None,
            score: Score::new(9).unwrap(),
            comment: comment.map(str::to_string),
            submitted_at_ms: 1_714_555_800_000,
            channel: None,
            touchpoint: None,
            unit: None,
            agent: None,
            contact_email: None,
            account: None,
            language: None,
            survey_id: None,
            source: "import".into(),
            attributes: Default::default(),
        }
    }

    #[test]
    fn an_id_key_is_the_hash_of_the_id_alone() {
        let expected = Sha256::digest(b"id:R_5rYfeErcBsS3nsJ");
        let key = DedupeKeys::default().key(&row(Some("a")), Some("R_5rYfeErcBsS3nsJ"));
        assert_eq!(key[..], expected[..16]);
    }

    #[test]
    fn an_absent_comment_differs_from_an_empty_one() {
        let mut a = Vec::new();
        let mut b = Vec::new();
        canonical_content(&row(None), &mut a);
        canonical_content(&row(Some("")), &mut b);
        assert_ne!(a, b);
    }

    #[test]
    fn copies_are_numbered_in_file_order() {
        let mut rows = [row(Some("same")), row(Some("different")), row(Some("same")), row(Some("same"))];
        let mut keys = DedupeKeys::default();
        for row in rows.iter_mut() {
            row.dedupe_key = Some(keys.key(row, None));
        }
        let expected = |occurrence: u32| {
            let mut content = Vec::new();
            canonical_content(&row(Some("same")), &mut content);
            content.extend_from_slice(&occurrence.to_be_bytes());
            Some(first_16(&Sha256::digest(&content)))
        };
        assert_eq!(rows[0].dedupe_key, expected(1));
        assert_eq!(rows[2].dedupe_key, expected(2));
        assert_eq!(rows[3].dedupe_key, expected(3));
        assert_ne!(rows[1].dedupe_key, rows[0].dedupe_key);
    }
}
