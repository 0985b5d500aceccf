use super::*;
use proptest::prelude::*;

#[test]
fn civil_round_trip_against_known_dates() {
    assert_eq!(DayNumber::from_civil(1970, 1, 1), DayNumber(0));
    assert_eq!(DayNumber::from_civil(2000, 3, 1), DayNumber(11_017));
    assert_eq!(DayNumber(19_723).to_string(), "2024-01-01");
    assert_eq!(DayNumber::parse("2024-02-29"), Some(DayNumber(19_782)));
    assert_eq!(DayNumber::parse("2025-02-29"), None);
    assert_eq!(DayNumber::parse("2025-2-3"), None);
    assert_eq!(DayNumber::parse("yesterday"), None);
}

#[test]
fn iso_week_labels_match_the_calendar() {
    // 2021-01-03 is a Sunday in ISO week 2020-W53; 2021-01-04 starts 2021-W01.
    let sunday = DayNumber::parse("2021-01-03").unwrap();
    let monday = DayNumber::parse("2021-01-04").unwrap();
    assert_eq!(Bucket::Week.label(Bucket::Week.ordinal(sunday)), "2020-W53");
    assert_eq!(Bucket::Week.label(Bucket::Week.ordinal(monday)), "2021-W01");
    // 2024-12-30 (Monday) is already 2025-W01.
    let d = DayNumber::parse("2024-12-30").unwrap();
    assert_eq!(Bucket::Week.label(Bucket::Week.ordinal(d)), "2025-W01");
}

#[test]
fn month_quarter_year_labels() {
    let d = DayNumber::parse("2026-11-24").unwrap();
    assert_eq!(Bucket::Day.label(Bucket::Day.ordinal(d)), "2026-11-24");
    assert_eq!(Bucket::Month.label(Bucket::Month.ordinal(d)), "2026-11");
    assert_eq!(Bucket::Quarter.label(Bucket::Quarter.ordinal(d)), "2026-Q4");
    assert_eq!(Bucket::Year.label(Bucket::Year.ordinal(d)), "2026");
}

#[test]
fn days_are_counted_in_the_organisations_zone() {
    // 2026-03-01T23:30Z is already 2 March in Tokyo and still 1 March in UTC.
    let ms = jiff::Timestamp::from_second(1_772_407_800).unwrap().as_millisecond();
    let utc = DayNumber::of_timestamp_ms(ms, &TimeZone::UTC);
    let tokyo = DayNumber::of_timestamp_ms(ms, &TimeZone::get("Asia/Tokyo").unwrap());
    assert_eq!(utc.to_string(), "2026-03-01");
    assert_eq!(tokyo.to_string(), "2026-03-02");
}

proptest! {
    #[test]
    fn civil_conversion_agrees_with_jiff(days in -100_000i32..100_000) {
        let via_jiff = jiff::civil::date(1970, 1, 1)
            .checked_add(jiff::Span::new().days(i64::from(days)))
            .unwrap();
        prop_assert_eq!(DayNumber(days).to_string(), via_jiff.to_string());
    }

    #[test]
    fn week_ordinal_is_the_monday(days in -50_000i32..50_000) {
        let day = DayNumber(days);
        let monday = Bucket::Week.ordinal(day);
        prop_assert!(monday <= days && days - monday < 7);
        prop_assert_eq!(DayNumber(monday).weekday_from_monday(), 0);
        let date = jiff::civil::date(1970, 1, 1).checked_add(jiff::Span::new().days(i64::from(days))).unwrap();
        let iso = date.iso_week_date();
        prop_assert_eq!(Bucket::Week.label(monday), format!("{:04}-W{:02}", iso.year(), iso.week()));
    }
}

#[test]
fn a_day_far_outside_the_i32_range_saturates_instead_of_wrapping() {
    // 2^31 days is 1.86e17 ms: cast with `as`, it wrapped to a negative day.
    let beyond = (i64::from(i32::MAX) + 10) * MS_PER_DAY;
    assert_eq!(DayNumber::of_timestamp_ms(beyond, &TimeZone::UTC), DayNumber(i32::MAX));
    assert_eq!(DayNumber::of_timestamp_ms(-beyond, &TimeZone::UTC), DayNumber(i32::MIN));
    assert_eq!(DayNumber::of_timestamp_ms(i64::MAX, &TimeZone::UTC), DayNumber(i32::MAX));
    assert_eq!(DayNumber::of_timestamp_ms(i64::MIN, &TimeZone::UTC), DayNumber(i32::MIN));
    assert_eq!(DayNumber::of_timestamp_ms(-1, &TimeZone::UTC), DayNumber(-1));
}

#[test]
fn submission_times_run_from_2000_to_a_few_minutes_ahead_of_now() {
    let now = 1_790_000_000_000; // 2026-09-21
    let y2k: Timestamp = "2000-01-01T00:00:00Z".parse().unwrap();
    assert_eq!(check_submitted_at(y2k.as_millisecond(), now), Ok(y2k.as_millisecond()));
    assert_eq!(check_submitted_at(y2k.as_millisecond() - 1, now), Err(SubmittedAtError::TooOld));
    assert_eq!(check_submitted_at(now + 5 * 60 * 1000, now), Ok(now + 300_000), "five minutes fast is fine");
    assert_eq!(check_submitted_at(now + 5 * 60 * 1000 + 1, now), Err(SubmittedAtError::Future));
    assert_eq!(check_submitted_at(i64::MAX, i64::MAX - 1), Ok(i64::MAX), "no overflow near the end of time");
    let year_2999: Timestamp = "2999-01-01T00:00:00Z".parse().unwrap();
    assert_eq!(check_submitted_at(year_2999.as_millisecond(), now), Err(SubmittedAtError::Future));
}
