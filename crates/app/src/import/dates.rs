//! When a response was submitted, as Unix milliseconds. Spreadsheets hold
//! times in many spellings; a time without an offset is read in the
//! organisation's zone (or the zone a tool's export names), so "2024-05-01"
//! means that day's midnight where the organisation counts its days.

use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Time};
use jiff::tz::TimeZone;

use super::error::shown;

/// Which spellings a timestamp column accepts, by the tool that wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateStyle {
    /// RFC 3339 with an offset, `YYYY-MM-DD`, or `YYYY-MM-DD HH:MM[:SS]` local
    /// time (a `T` may stand for the space). Vocal's own format and Qualtrics'.
    Iso,
    /// [`DateStyle::Iso`], plus `YYYY-MM-DD HH:MM:SS +HHMM`, a trailing ` UTC`,
    /// and Unix seconds (Delighted's API speaks Unix seconds).
    Delighted,
    /// SurveyMonkey's US spelling `MM/DD/YYYY HH:MM[:SS] AM`, then [`DateStyle::Iso`].
    SurveyMonkey,
}

impl DateStyle {
    fn example(self) -> &'static str {
        match self {
            DateStyle::Iso => "2024-05-01T09:30:00+02:00, 2024-05-01 09:30 or 2024-05-01",
            DateStyle::Delighted => "2024-05-01T09:30:00Z, 2024-05-01 09:30:00 +0000 or Unix seconds",
            DateStyle::SurveyMonkey => "05/01/2024 09:30:00 AM or 2024-05-01 09:30",
        }
    }
}

/// Parses `text` (already trimmed and non-empty) into Unix milliseconds.
pub(crate) fn parse_timestamp(text: &str, zone: &TimeZone, style: DateStyle) -> Result<i64, String> {
    let parsed = match style {
        DateStyle::Iso => parse_iso(text, zone),
        DateStyle::Delighted => parse_iso(text, zone).or_else(|| parse_delighted(text, zone)),
        DateStyle::SurveyMonkey => parse_us(text, zone).or_else(|| parse_iso(text, zone)),
    };
    parsed.ok_or_else(|| format!("{} is not a date and time (expected e.g. {})", shown(text), style.example()))
}

fn parse_iso(text: &str, zone: &TimeZone) -> Option<i64> {
    let bytes = text.as_bytes();
    if bytes.len() == 10 {
        let date: Date = text.parse().ok()?;
        return local_to_ms(date.to_datetime(Time::midnight()), zone);
    }
    if has_offset(bytes) {
        return text.parse::<Timestamp>().ok().map(Timestamp::as_millisecond);
    }
    local_to_ms(text.parse::<DateTime>().ok()?, zone)
}

/// Whether something after the date part (`YYYY-MM-DD`) names an offset:
/// `Z`, `+hh:mm` or `-hh:mm`.
fn has_offset(bytes: &[u8]) -> bool {
    bytes.len() > 10 && bytes[10..].iter().any(|b| matches!(b, b'Z' | b'z' | b'+' | b'-'))
}

fn parse_delighted(text: &str, zone: &TimeZone) -> Option<i64> {
    if !text.is_empty() && text.len() <= 12 && text.bytes().all(|b| b.is_ascii_digit()) {
        let seconds: i64 = text.parse().ok()?;
        return Timestamp::from_second(seconds).ok().map(Timestamp::as_millisecond);
    }
    if let Some(utc) = text.strip_suffix(" UTC") {
        return parse_iso(utc.trim_end(), &TimeZone::UTC);
    }
    Timestamp::strptime("%Y-%m-%d %H:%M:%S %z", text)
        .ok()
        .map(Timestamp::as_millisecond)
        .or_else(|| parse_iso(text, zone))
}

fn parse_us(text: &str, zone: &TimeZone) -> Option<i64> {
    const FORMATS: [&str; 4] = ["%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %I:%M %p", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M"];
    if !text.contains('/') {
        return None;
    }
    FORMATS.iter().find_map(|format| DateTime::strptime(format, text).ok()).and_then(|dt| local_to_ms(dt, zone))
}

/// A wall-clock time in `zone`. In a DST gap the later side is taken (02:30
/// on a spring-forward night becomes 03:30); in a fold, the earlier instant.
fn local_to_ms(dt: DateTime, zone: &TimeZone) -> Option<i64> {
    zone.to_ambiguous_timestamp(dt).compatible().ok().map(Timestamp::as_millisecond)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(text: &str) -> i64 {
        text.parse::<Timestamp>().unwrap().as_millisecond()
    }

    fn berlin() -> TimeZone {
        TimeZone::get("Europe/Berlin").unwrap()
    }

    #[test]
    fn rfc3339_keeps_its_own_offset() {
        let got = parse_timestamp("2024-05-01T09:30:00+02:00", &TimeZone::UTC, DateStyle::Iso);
        assert_eq!(got, Ok(ms("2024-05-01T07:30:00Z")));
        let got = parse_timestamp("2024-05-01T09:30:00.250Z", &berlin(), DateStyle::Iso);
        assert_eq!(got, Ok(ms("2024-05-01T09:30:00.250Z")));
    }

    #[test]
    fn a_date_alone_is_midnight_in_the_zone() {
        // Berlin is UTC+2 in May, so its midnight is 22:00 UTC the day before.
        let got = parse_timestamp("2024-05-01", &berlin(), DateStyle::Iso);
        assert_eq!(got, Ok(ms("2024-04-30T22:00:00Z")));
    }

    #[test]
    fn local_times_with_or_without_seconds() {
        let zone = berlin();
        assert_eq!(parse_timestamp("2024-01-15 08:05", &zone, DateStyle::Iso), Ok(ms("2024-01-15T07:05:00Z")));
        assert_eq!(parse_timestamp("2024-01-15 08:05:09", &zone, DateStyle::Iso), Ok(ms("2024-01-15T07:05:09Z")));
        assert_eq!(parse_timestamp("2024-01-15T08:05:09", &zone, DateStyle::Iso), Ok(ms("2024-01-15T07:05:09Z")));
    }

    #[test]
    fn a_time_in_the_spring_forward_gap_moves_later() {
        // 02:30 does not exist in Berlin on 2024-03-31; 03:30 CEST is 01:30 UTC.
        assert_eq!(parse_timestamp("2024-03-31 02:30", &berlin(), DateStyle::Iso), Ok(ms("2024-03-31T01:30:00Z")));
    }

    #[test]
    fn nonsense_is_rejected_with_the_expected_spellings() {
        let err = parse_timestamp("yesterday", &TimeZone::UTC, DateStyle::Iso).unwrap_err();
        assert!(err.starts_with("\"yesterday\" is not a date and time (expected e.g. 2024-05-01T09:30"), "{err}");
        assert!(parse_timestamp("2024-02-30", &TimeZone::UTC, DateStyle::Iso).is_err());
        assert!(parse_timestamp("2024-05-01 25:00", &TimeZone::UTC, DateStyle::Iso).is_err());
        assert!(parse_timestamp("05/01/2024", &TimeZone::UTC, DateStyle::Iso).is_err());
    }

    #[test]
    fn surveymonkey_us_dates() {
        let zone = TimeZone::get("America/New_York").unwrap();
        let got = parse_timestamp("06/10/2022 09:48:07 PM", &zone, DateStyle::SurveyMonkey);
        assert_eq!(got, Ok(ms("2022-06-11T01:48:07Z")));
        let got = parse_timestamp("6/1/2022 12:05 AM", &zone, DateStyle::SurveyMonkey);
        assert_eq!(got, Ok(ms("2022-06-01T04:05:00Z")));
    }

    #[test]
    fn delighted_spellings() {
        let zone = berlin();
        assert_eq!(parse_timestamp("1714555800", &zone, DateStyle::Delighted), Ok(1_714_555_800_000));
        let got = parse_timestamp("2024-05-01 09:30:00 -0700", &zone, DateStyle::Delighted);
        assert_eq!(got, Ok(ms("2024-05-01T16:30:00Z")));
        let got = parse_timestamp("2024-05-01 09:30:00 UTC", &zone, DateStyle::Delighted);
        assert_eq!(got, Ok(ms("2024-05-01T09:30:00Z")));
        assert!(parse_timestamp("1714555800", &zone, DateStyle::Iso).is_err());
    }
}
