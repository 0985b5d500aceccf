//! `vocal demo`: the demo organisation in its own data directory, served.

use std::process::ExitCode;

use anyhow::Context;
use vocal_app::settings::Settings;
use vocal_store::{ApiScope, Store};

use crate::args::DemoArgs;

pub async fn run<S: Store>(store: S, settings: Settings, args: DemoArgs) -> anyhow::Result<ExitCode> {
    let now_ms = jiff::Timestamp::now().as_millisecond();
    eprintln!("preparing the demo in {} …", settings.data.display());
    let seeded = vocal_app::seed::seed_demo(&store, args.responses, now_ms).await.context("creating the demo data")?;
    if seeded.created {
        eprintln!("created {:?} with {} responses", seeded.org.name, seeded.responses);
    } else {
        eprintln!("reusing {:?} from an earlier run", seeded.org.name);
    }
    let key = vocal_app::keys::issue(&store, seeded.org.id, "demo (read)", ApiScope::Read).await?;
    let addr = args.addr.unwrap_or(settings.addr);
    let data_flag = format!("--data {}", settings.data.display());
    println!();
    println!("Vocal demo: {}", seeded.org.name);
    println!("  URL           http://{addr}/");
    println!("  read API key  {}", key.secret);
    println!("  try           curl -H 'Authorization: Bearer {}' 'http://{addr}/api/v1/nps?by=unit'", key.secret);
    println!("                vocal nps {data_flag} --by unit:2,quarter");
    println!(
        "  demo logins   admin@demo.vocal, analyst@demo.vocal, manager@demo.vocal, agent@demo.vocal (web sign-in arrives with the web app)"
    );
    println!();
    if args.no_serve {
        let index = vocal_app::live_index::OrgIndex::open(
            &store,
            seeded.org,
            Some(&settings.snapshot_dir()),
            vocal_index::snapshot::Selection::All,
        )
        .await?;
        index.save_snapshot()?;
        return Ok(ExitCode::SUCCESS);
    }
    crate::commands::serve::run(store, settings, Some(addr)).await
}
