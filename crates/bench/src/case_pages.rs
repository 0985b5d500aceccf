//! The case pages as a manager opens them: `GET /cases` (the queue of
//! their domain, with its tab counts) and one case's page, answered by a
//! real `vocal serve` process over the cases the cases benchmark wrote,
//! signed in as a manager of the whole region (every case in the domain).

use std::time::Duration;

use vocal_app::accounts::users::{NewAccount, create};
use vocal_domain::{OrgId, Role, UnitPath};
use vocal_store::Store;

use crate::dashboard_bench::{PASSWORD, signed_in};
use crate::servers::{Database, Kind, Server};
use crate::timing::{ms, quantile, time_pages};

const EMAIL: &str = "pages@bench.example";

/// Times the pages over HTTP; the cases are already in `db`.
pub async fn measure<S: Store>(store: &S, db: &Database, org: OrgId, requests: usize) -> anyhow::Result<()> {
    let account = NewAccount {
        email: EMAIL.into(),
        name: "Page Reader".into(),
        role: Role::Manager,
        unit: Some(UnitPath::parse("Bench/Region").map_err(anyhow::Error::msg)?),
        agent: None,
    };
    create(store, org, account, Some(PASSWORD.into())).await?;
    // The cases stand for answers already evaluated: the server need not
    // look at them again while it is timed.
    store.advance_alert_cursor(org, store.max_seq(org).await?).await?;
    let case = store.list_cases(org, 0, 1).await?.pop().ok_or_else(|| anyhow::anyhow!("no case"))?;
    let server = Server::start(Kind::Vocal, db).await?;
    let client = signed_in(&server.base, EMAIL).await?;
    println!("  {:<52} {:>9} {:>9} {:>9} {:>8}", "page, over HTTP", "p50", "p99", "max", "KB");
    for (label, path) in [
        ("GET /cases (the region's domain, tab counts)", "/cases?queue=domain".to_string()),
        ("GET /cases?queue=overdue", "/cases?queue=overdue".to_string()),
        ("GET /cases/{id} (one case, its timeline)", format!("/cases/{}", case.id.0)),
    ] {
        let (times, bytes) = time_pages(&client, &format!("{}{path}", server.base), requests, 5).await?;
        let at = |p| quantile(&times, p);
        let max = *times.last().unwrap_or(&Duration::ZERO);
        println!("  {label:<52} {:>9} {:>9} {:>9} {:>8.1}", ms(at(0.5)), ms(at(0.99)), ms(max), bytes as f64 / 1024.0);
    }
    server.stop()
}
