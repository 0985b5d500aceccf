use super::*;

fn berlin_office() -> Calendar {
    BusinessHours { time_zone: "Europe/Berlin".into(), days: weekdays(), start: "09:00".into(), end: "17:00".into() }
        .calendar()
        .unwrap()
}

fn ms(text: &str) -> i64 {
    text.parse::<Timestamp>().unwrap().as_millisecond()
}

#[test]
fn hand_worked_examples_in_berlin() {
    let cal = berlin_office();
    // Friday 16:00 CET (15:00 UTC) + 2 h: one hour on Friday, one on Monday → Monday 10:00 CET.
    assert_eq!(cal.add_hours(ms("2026-01-09T15:00:00Z"), 2), ms("2026-01-12T09:00:00Z"));
    // Saturday noon + 1 h → Monday 10:00.
    assert_eq!(cal.add_hours(ms("2026-01-10T11:00:00Z"), 1), ms("2026-01-12T09:00:00Z"));
    // Tuesday 07:00 (before opening) + 8 h → Tuesday 17:00 CET (16:00 UTC).
    assert_eq!(cal.add_hours(ms("2026-01-13T06:00:00Z"), 8), ms("2026-01-13T16:00:00Z"));
    // 48 working hours from Monday 09:00 = six full days → the next Monday 17:00.
    assert_eq!(cal.add_hours(ms("2026-01-12T08:00:00Z"), 48), ms("2026-01-19T16:00:00Z"));
    // Across the spring change (Sunday 29 March 2026): Friday 16:00 CET + 2 h
    // → Monday 10:00 CEST, which is 08:00 UTC, not 09:00.
    assert_eq!(cal.add_hours(ms("2026-03-27T15:00:00Z"), 2), ms("2026-03-30T08:00:00Z"));
}

/// A naive reference: walk minute by minute, counting the minutes that fall
/// inside opening hours.
fn minute_by_minute(cal: &Calendar, from_ms: i64, hours: u32) -> i64 {
    let mut left = i64::from(hours) * 60;
    let mut at = from_ms;
    loop {
        if left == 0 {
            return at;
        }
        let zoned = Timestamp::from_millisecond(at).unwrap().to_zoned_datetime(cal.zone.clone());
        let time = zoned.time();
        if cal.works_on(zoned.date().weekday()) && time >= cal.open && time < cal.close {
            left -= 1;
        }
        at += MINUTE_MS;
    }
}

#[test]
fn agrees_with_counting_minutes() {
    let cal = BusinessHours {
        time_zone: "America/New_York".into(),
        days: vec!["mon".into(), "wed".into(), "sat".into()],
        start: "08:30".into(),
        end: "12:00".into(),
    }
    .calendar()
    .unwrap();
    // Starts on the minute, spread over weeks including the November DST change.
    let mut start = ms("2026-10-28T13:07:00Z");
    for hours in [0, 1, 3, 4, 7, 11, 20] {
        assert_eq!(cal.add_hours(start, hours), minute_by_minute(&cal, start, hours), "{hours} h from {start}");
        start += 37 * 3_600_000 + 13 * MINUTE_MS;
    }
}

#[test]
fn bad_settings_name_their_field() {
    let good = || BusinessHours {
        time_zone: "Europe/Berlin".into(),
        days: weekdays(),
        start: "09:00".into(),
        end: "17:00".into(),
    };
    let error = |hours: BusinessHours| hours.calendar().unwrap_err();
    assert!(
        error(BusinessHours { time_zone: "Mars/Olympus".into(), ..good() }).starts_with("business_hours.time_zone")
    );
    assert!(error(BusinessHours { days: vec!["funday".into()], ..good() }).starts_with("business_hours.days"));
    assert!(error(BusinessHours { days: vec![], ..good() }).starts_with("business_hours.days"));
    assert!(error(BusinessHours { start: "9am".into(), ..good() }).starts_with("business_hours.start"));
    assert!(error(BusinessHours { end: "08:00".into(), ..good() }).starts_with("business_hours.end"));
}
