use vocal_app::report::GroupKey;
use vocal_domain::{Counts, MinSample};

use super::*;

fn group(channel: &str, promoters: u64, rank: Option<usize>, tied: bool) -> GroupFigure {
    let counts = Counts { promoters, passives: 100 - promoters, detractors: 0 };
    GroupFigure {
        key: GroupKey(vec![("channel".into(), Some(channel.into()))]),
        figure: counts.figure(MinSample(30)),
        rank,
        tied,
        scores: [0; 11],
    }
}

fn report() -> NpsReport {
    let groups =
        vec![group("email", 80, Some(1), false), group("sms", 50, Some(2), true), group("web", 45, Some(2), true)];
    NpsReport { overall: Counts { promoters: 175, passives: 125, detractors: 0 }.figure(MinSample(30)), groups }
}

/// The last cell of the table row that starts with `key`.
fn rank_of(table: &str, key: &str) -> String {
    let row = table.lines().find(|l| l.trim_start_matches(['│', ' ']).starts_with(key)).unwrap();
    let cells: Vec<&str> = row.split(['│', '┆']).map(str::trim).filter(|c| !c.is_empty()).collect();
    cells.last().unwrap().to_string()
}

#[test]
fn the_table_marks_shared_ranks() {
    let table = table(&report(), &["channel".into()], 30);
    assert_eq!(rank_of(&table, "email"), "1", "{table}");
    assert_eq!(rank_of(&table, "sms"), "=2", "{table}");
    assert_eq!(rank_of(&table, "web"), "=2", "{table}");
}

#[test]
fn the_csv_has_a_tied_column() {
    let csv = csv(&report(), &["channel".into()]).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].ends_with(",rank,tied"), "{csv}");
    assert!(lines[1].ends_with(",,"), "the overall row has neither: {csv}");
    assert!(lines[2].starts_with("email,") && lines[2].ends_with(",1,false"), "{csv}");
    assert!(lines[3].ends_with(",2,true") && lines[4].ends_with(",2,true"), "{csv}");
}

#[test]
fn the_three_shares_add_up_to_100_as_on_the_web() {
    // One answer in each band: 33.3 % each; rounded one by one they make
    // 99 %, by the largest remainder 34/33/33 (earlier bands win ties).
    let cells = super::figure_cells(&Counts { promoters: 1, passives: 1, detractors: 1 }.figure(MinSample(1)));
    assert_eq!(cells[4..], ["34%", "33%", "33%"]);
    // 49.5/28.5/22: each rounded alone, 50 + 29 + 22 = 101 (half up) or 50 + 28 + 22 = 100 —
    // by the largest remainder always 100.
    let cells = super::figure_cells(&Counts { promoters: 99, passives: 57, detractors: 44 }.figure(MinSample(1)));
    let sum: u32 = cells[4..].iter().map(|c| c.trim_end_matches('%').parse::<u32>().unwrap()).sum();
    assert_eq!(sum, 100, "{cells:?}");
}

#[test]
fn without_a_breakdown_the_table_has_the_overall_row_once() {
    let whole = Counts { promoters: 6, passives: 2, detractors: 2 };
    let only = GroupFigure {
        key: GroupKey(Vec::new()),
        figure: whole.figure(MinSample(1)),
        rank: None,
        tied: false,
        scores: [0; 11],
    };
    let report = NpsReport { overall: whole.figure(MinSample(1)), groups: vec![only] };
    let table = super::table(&report, &[], 1);
    let rows = table.lines().filter(|line| line.contains("40.0")).count();
    assert_eq!(rows, 1, "{table}");
}
