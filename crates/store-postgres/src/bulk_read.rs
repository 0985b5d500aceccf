//! Reading responses in change order for the index with `COPY … TO STDOUT`:
//! the server streams rows as text in large chunks instead of one protocol
//! message per row, each handed through the driver's row stream.

use futures_util::TryStreamExt;
use sqlx::PgPool;
use vocal_domain::{AgentId, OrgId, ResponseId, Score, UnitId};
use vocal_store::{IndexedResponse, StoreError, StoreResult};

use crate::errors::from_sqlx;

pub(crate) async fn after(pool: &PgPool, org: OrgId, after_seq: i64, limit: i64) -> StoreResult<Vec<IndexedResponse>> {
    // COPY takes no parameters; the three values are integers formatted here.
    let statement = format!(
        "COPY (SELECT id, seq, score, submitted_at, channel, touchpoint, unit_id, agent_id, account, source, language, \
         attributes FROM responses WHERE org_id = {} AND seq > {} ORDER BY seq LIMIT {}) TO STDOUT",
        org.0,
        after_seq,
        limit.max(0)
    );
    let mut connection = pool.acquire().await.map_err(from_sqlx)?;
    let mut stream = connection.copy_out_raw(&statement).await.map_err(from_sqlx)?;
    let mut found = Vec::new();
    let mut pending: Vec<u8> = Vec::new();
    while let Some(chunk) = stream.try_next().await.map_err(from_sqlx)? {
        pending.extend_from_slice(&chunk);
        let complete = pending.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        for line in pending[..complete].split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
            found.push(parse_line(line).map_err(|(column, detail)| StoreError::Corrupt {
                table: "responses",
                column,
                detail,
            })?);
        }
        pending.drain(..complete);
    }
    Ok(found)
}

/// One row of COPY's text format: tab-separated, `\N` for NULL, backslash
/// escapes; an error names the column that does not decode.
fn parse_line(line: &[u8]) -> Result<IndexedResponse, (&'static str, String)> {
    let fields: Vec<Option<String>> =
        line.split(|&b| b == b'\t').map(unescape).collect::<Result<_, _>>().map_err(|e| ("(row)", e))?;
    let [id, seq, score, submitted_at, channel, touchpoint, unit_id, agent_id, account, source, language, attributes] =
        <[Option<String>; 12]>::try_from(fields)
            .map_err(|f| ("(row)", format!("a COPY row has {} fields, not 12", f.len())))?;
    let integer = |column: &'static str, field: Option<String>| -> Result<Option<i64>, (&'static str, String)> {
        field.map(|text| text.parse::<i64>().map_err(|e| (column, format!("{text:?}: {e}")))).transpose()
    };
    let required = |column: &'static str, field: Option<String>| {
        integer(column, field)?.ok_or_else(|| (column, "NULL".to_string()))
    };
    Ok(IndexedResponse {
        id: ResponseId(required("id", id)?),
        seq: required("seq", seq)?,
        score: Score::new(required("score", score)?).map_err(|e| ("score", e.to_string()))?,
        submitted_at_ms: required("submitted_at", submitted_at)?,
        channel,
        touchpoint,
        unit_id: integer("unit_id", unit_id)?.map(UnitId),
        agent_id: integer("agent_id", agent_id)?.map(AgentId),
        account,
        source: source.unwrap_or_default(),
        language,
        attributes: match attributes {
            Some(json) => serde_json::from_str(&json).map_err(|e| ("attributes", e.to_string()))?,
            None => Default::default(),
        },
    })
}

/// Undoes COPY's text escapes; `\N` alone is NULL.
fn unescape(field: &[u8]) -> Result<Option<String>, String> {
    if field == b"\\N" {
        return Ok(None);
    }
    if !field.contains(&b'\\') {
        return String::from_utf8(field.to_vec()).map(Some).map_err(|e| e.to_string());
    }
    let mut out = Vec::with_capacity(field.len());
    let mut bytes = field.iter().copied().peekable();
    while let Some(byte) = bytes.next() {
        if byte != b'\\' {
            out.push(byte);
            continue;
        }
        match bytes.next() {
            Some(b'b') => out.push(0x08),
            Some(b'f') => out.push(0x0c),
            Some(b'n') => out.push(b'\n'),
            Some(b'r') => out.push(b'\r'),
            Some(b't') => out.push(b'\t'),
            Some(b'v') => out.push(0x0b),
            Some(digit @ b'0'..=b'7') => {
                let mut value = u32::from(digit - b'0');
                for _ in 0..2 {
                    match bytes.peek() {
                        Some(&d @ b'0'..=b'7') => {
                            value = value * 8 + u32::from(d - b'0');
                            bytes.next();
                        }
                        _ => break,
                    }
                }
                out.push(value as u8);
            }
            Some(other) => out.push(other),
            None => return Err("a COPY field ends in a backslash".into()),
        }
    }
    String::from_utf8(out).map(Some).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_nulls_come_back_as_written() {
        assert_eq!(unescape(b"\\N").unwrap(), None);
        assert_eq!(unescape(b"plain").unwrap().as_deref(), Some("plain"));
        assert_eq!(unescape(b"a\\tb\\nc\\\\d\\rE").unwrap().as_deref(), Some("a\tb\nc\\d\rE"));
        assert_eq!(unescape(b"\\101\\7").unwrap().as_deref(), Some("A\u{7}"));
        assert_eq!(unescape("日本 🎉".as_bytes()).unwrap().as_deref(), Some("日本 🎉"));
        assert!(unescape(b"dangling\\").is_err());
    }

    #[test]
    fn a_row_parses_into_a_response() {
        let attributes = std::collections::BTreeMap::from([("plan".to_string(), "Gold\\ \"x\"\ttab".to_string())]);
        // COPY doubles every backslash and escapes tabs.
        let json = serde_json::to_string(&attributes).unwrap().replace('\\', "\\\\").replace('\t', "\\t");
        let line = format!("7\t12\t9\t1767225600000\temail\t\\N\t3\t\\N\t\\N\timport\ten\t{json}");
        let response = parse_line(line.as_bytes()).unwrap();
        assert_eq!((response.id.0, response.seq, response.score.value()), (7, 12, 9));
        assert_eq!(response.channel.as_deref(), Some("email"));
        assert_eq!(response.touchpoint, None);
        assert_eq!(response.unit_id, Some(UnitId(3)));
        assert_eq!(response.attributes, attributes);
        assert!(parse_line(b"1\t2").is_err());
    }
}
