//! The file as a stream of records, each with the line it starts on and the
//! raw text it was read from, so a file of any size is read in the memory of
//! a few records. The raw text is what the checks in `text.rs` look at:
//! csv alone would glue lines together on a stray quote and could not say
//! on which line a spreadsheet saved as UTF-16 stops being text.

use std::io::{self, Read};

use csv::{ByteRecord, StringRecord};

use super::error::ImportError;
use super::text;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Raw bytes kept behind the current record before they are dropped in one go.
const RELEASE_EVERY: usize = 64 * 1024;

/// Records in file order. Lines are counted here, by line feeds, rather
/// than taken from csv, which numbers the lines of CRLF files one too low.
pub(crate) struct RecordReader<R: Read> {
    csv: csv::Reader<Tap<io::Chain<io::Cursor<Vec<u8>>, R>>>,
    bytes: ByteRecord,
    /// Line feeds in the file before the end of the last record read.
    line_feeds: u64,
    /// Where the last record's raw text starts and ends (after the BOM).
    raw: (u64, u64),
    bom_len: u64,
}

impl<R: Read> RecordReader<R> {
    /// Reads past a UTF-8 byte-order mark, if the file starts with one.
    pub(crate) fn new(mut file: R) -> Result<Self, ImportError> {
        let mut head = Vec::with_capacity(UTF8_BOM.len());
        (&mut file).take(UTF8_BOM.len() as u64).read_to_end(&mut head).map_err(unreadable)?;
        let bom_len = if head == UTF8_BOM { std::mem::take(&mut head).len() as u64 } else { 0 };
        let tap = Tap { inner: io::Cursor::new(head).chain(file), kept: Vec::new(), kept_from: 0 };
        let csv = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(tap);
        Ok(RecordReader { csv, bytes: ByteRecord::new(), line_feeds: 0, raw: (0, 0), bom_len })
    }

    /// The next record into `record`, and the line it starts on; `None` at
    /// the end. A NUL byte or invalid UTF-8 ends the import with its line.
    pub(crate) fn next(&mut self, record: &mut StringRecord) -> Result<Option<u64>, ImportError> {
        let previous_end = self.raw.1;
        self.csv.get_mut().release_before(previous_end);
        self.bytes = std::mem::take(record).into_byte_record(); // its storage, reused
        let more = self.csv.read_byte_record(&mut self.bytes).map_err(|e| match e.kind() {
            csv::ErrorKind::Io(_) => unreadable(e),
            _ => ImportError::NotText { line: self.line_feeds + 1 },
        })?;
        if !more {
            return Ok(None);
        }
        let end = self.csv.position().byte();
        self.raw = (previous_end, end);
        let raw = self.csv.get_ref().raw(previous_end, end);
        // Blank lines csv skipped, and a record's leading line ending, belong before it.
        let leading = raw.iter().take_while(|&&b| b == b'\r' || b == b'\n').count();
        let line = 1 + self.line_feeds + line_feeds(&raw[..leading]);
        if let Some(at) = text::first_non_text(raw) {
            return Err(ImportError::NotText { line: 1 + self.line_feeds + line_feeds(&raw[..at]) });
        }
        self.line_feeds += line_feeds(raw);
        let bytes = std::mem::take(&mut self.bytes);
        *record = StringRecord::from_byte_record(bytes).map_err(|_| ImportError::NotText { line })?;
        Ok(Some(line))
    }

    /// The raw text of the last record read, from the end of the one before
    /// (so it may start with line endings).
    pub(crate) fn raw(&self) -> &[u8] {
        self.csv.get_ref().raw(self.raw.0, self.raw.1)
    }

    /// Bytes of the file read so far, byte-order mark included.
    pub(crate) fn consumed(&self) -> u64 {
        self.bom_len + self.raw.1
    }
}

fn line_feeds(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
}

fn unreadable(error: impl std::fmt::Display) -> ImportError {
    ImportError::Unreadable { message: error.to_string() }
}

/// Passes the file to csv and keeps a copy of what csv has read but the
/// caller has not released yet, by offset in the file.
struct Tap<R> {
    inner: R,
    kept: Vec<u8>,
    /// The file offset of `kept[0]`.
    kept_from: u64,
}

impl<R> Tap<R> {
    fn raw(&self, start: u64, end: u64) -> &[u8] {
        &self.kept[(start - self.kept_from) as usize..(end - self.kept_from) as usize]
    }

    fn release_before(&mut self, offset: u64) {
        let releasable = (offset - self.kept_from) as usize;
        if releasable >= RELEASE_EVERY {
            self.kept.drain(..releasable);
            self.kept_from = offset;
        }
    }
}

impl<R: Read> Read for Tap<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.kept.extend_from_slice(&buf[..n]);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(file: &[u8]) -> Result<Vec<(u64, Vec<String>)>, ImportError> {
        let mut reader = RecordReader::new(file)?;
        let mut record = StringRecord::new();
        let mut found = Vec::new();
        while let Some(line) = reader.next(&mut record)? {
            found.push((line, record.iter().map(str::to_string).collect()));
        }
        Ok(found)
    }

    #[test]
    fn lines_are_counted_alike_with_lf_and_crlf_endings() {
        // Record 2 spans lines 2–3; a blank line 4; record 3 on line 5.
        for ending in ["\n", "\r\n"] {
            let file = ["a,b", "1,\"x", "y\"", "", "2,z", ""].join(ending);
            let got = lines(file.as_bytes()).unwrap();
            let starts: Vec<u64> = got.iter().map(|(line, _)| *line).collect();
            assert_eq!(starts, [1, 2, 5], "with {ending:?}");
        }
    }

    #[test]
    fn the_bom_is_skipped_but_counted_as_read() {
        let mut reader = RecordReader::new(&b"\xEF\xBB\xBFscore\n9\n"[..]).unwrap();
        let mut record = StringRecord::new();
        reader.next(&mut record).unwrap();
        assert_eq!(&record[0], "score");
        reader.next(&mut record).unwrap();
        assert_eq!(reader.consumed(), 11);
    }

    #[test]
    fn a_nul_byte_or_invalid_utf8_is_reported_on_its_line() {
        assert_eq!(lines(b"a\nb\nc\0d\n"), Err(ImportError::NotText { line: 3 }));
        assert_eq!(lines(b"score\n9\n\xC3\x28\n"), Err(ImportError::NotText { line: 3 }));
        assert_eq!(lines(b"score\r\n\"9\r\n\xC3\x28\"\r\n"), Err(ImportError::NotText { line: 3 }));
    }

    #[test]
    fn raw_text_survives_releases_of_what_came_before() {
        let mut file = String::from("comment\n");
        for i in 0..20_000 {
            file.push_str(&format!("\"row {i}\"\n"));
        }
        let mut reader = RecordReader::new(file.as_bytes()).unwrap();
        let mut record = StringRecord::new();
        let mut count = 0;
        while reader.next(&mut record).unwrap().is_some() {
            if count > 0 {
                assert_eq!(reader.raw(), format!("\"row {}\"\n", count - 1).as_bytes());
            }
            count += 1;
        }
        assert_eq!(count, 20_001);
    }
}
