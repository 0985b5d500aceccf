//! `vocal import responses` of a generated CSV file into fresh databases.

use std::path::Path;
use std::time::Instant;

use sqlx::Connection;
use vocal_app::import::ImportOptions;
use vocal_app::import::importer::import_csv;
use vocal_store::Store;
use vocal_store_postgres::PostgresStore;
use vocal_store_sqlite::SqliteStore;

use crate::synth;

/// Writes `rows` synthetic responses as a CSV file in Vocal's format.
fn write_csv(path: &Path, rows: usize) -> anyhow::Result<()> {
    let mut writer = csv::Writer::from_path(path)?;
    writer.write_record([
        "submitted_at",
        "score",
        "comment",
        "channel",
        "touchpoint",
        "unit",
        "agent",
        "contact_email",
        "plan",
        "segment",
    ])?;
    let end_ms = jiff::Timestamp::now().as_millisecond();
    for (i, r) in synth::responses(0, rows, end_ms).into_iter().enumerate() {
        let at = jiff::Timestamp::from_millisecond(r.submitted_at_ms)?.to_string();
        let comment = if i % 3 == 0 { "Quick and friendly, thanks!" } else { "" };
        writer.write_record([
            at.as_str(),
            &r.score.to_string(),
            comment,
            r.channel.as_deref().unwrap_or(""),
            r.touchpoint.as_deref().unwrap_or(""),
            &r.unit.map(|u| u.to_string()).unwrap_or_default(),
            r.agent.as_deref().unwrap_or(""),
            &format!("customer{}@example.com", i % 200_000),
            &r.attributes["plan"],
            &r.attributes["segment"],
        ])?;
    }
    writer.flush()?;
    Ok(())
}

/// Parses and stores the file as `vocal import responses` does: (seconds, rows stored).
async fn import_into<S: Store>(store: &S, bytes: Vec<u8>) -> anyhow::Result<(f64, u64)> {
    let org = store.create_org("Importer", "UTC").await?;
    let started = Instant::now();
    let options = ImportOptions { time_zone: jiff::tz::TimeZone::UTC, source: "import".into() };
    let (_, outcome) = import_csv(store, org.id, bytes, options, |_| {}).await?;
    Ok((started.elapsed().as_secs_f64(), outcome.inserted))
}

pub async fn run(data: &Path, url: Option<&str>, rows: usize) -> anyhow::Result<()> {
    std::fs::create_dir_all(data)?;
    let csv_path = data.join(format!("import-{rows}.csv"));
    if !csv_path.exists() {
        write_csv(&csv_path, rows)?;
    }
    let bytes = std::fs::read(&csv_path)?;
    println!("import of {rows} rows ({:.0} MiB CSV, 200,000 distinct contacts)", bytes.len() as f64 / 1_048_576.0);
    let sqlite_dir = data.join("import-sqlite");
    let _ = std::fs::remove_dir_all(&sqlite_dir);
    let (total, inserted) = import_into(&SqliteStore::open_dir(&sqlite_dir).await?, bytes.clone()).await?;
    println!("  SQLite:     {inserted} rows in {total:.2} s = {:>9.0} rows/s", inserted as f64 / total);
    if let Some(url) = url {
        let database = format!("vocal_bench_import_{}", std::process::id());
        let mut admin = sqlx::PgConnection::connect(url).await?;
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {database}"))).execute(&mut admin).await?;
        let target = format!("{}/{database}", url.rsplit_once('/').map_or(url, |(base, _)| base));
        let result = import_into(&PostgresStore::connect(&target).await?, bytes).await;
        sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE {database} WITH (FORCE)"))).execute(&mut admin).await?;
        let (total, inserted) = result?;
        println!("  PostgreSQL: {inserted} rows in {total:.2} s = {:>9.0} rows/s", inserted as f64 / total);
    }
    Ok(())
}
