//! Fresh databases and the servers under test, each its own process:
//! `vocal serve` (release build next to this binary) or the plain-SQL
//! handler (`vocal-bench plain-serve`).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use sqlx::Connection;
use vocal_domain::OrgId;
use vocal_store::{ApiScope, Store};
use vocal_store_postgres::PostgresStore;
use vocal_store_sqlite::SqliteStore;

#[derive(Clone, Copy, PartialEq, Eq, Debug, clap::ValueEnum)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn label(self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        }
    }
}

/// A database of its own for one server: a directory, or a PostgreSQL
/// database created on `admin`'s server and dropped by [`Database::drop_now`].
pub struct Database {
    pub dir: PathBuf,
    pub url: Option<String>,
    admin: Option<(String, String)>,
    pub org: OrgId,
    pub key: String,
}

impl Database {
    /// Creates it with an organisation, a write key and the demo survey.
    pub async fn fresh(
        backend: Backend,
        data: &Path,
        admin: &str,
        pg_setting: Option<&str>,
        tag: &str,
    ) -> anyhow::Result<Self> {
        let name = format!("vocal_bench_{tag}_{}", std::process::id());
        let dir = data.join(&name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        let dir = dir.canonicalize()?;
        match backend {
            Backend::Sqlite => {
                let store = SqliteStore::open_dir(&dir).await?;
                let (org, key) = prepare(&store).await?;
                store.pool().close().await;
                Ok(Database { dir, url: None, admin: None, org, key })
            }
            Backend::Postgres => {
                admin_sql(admin, &format!("CREATE DATABASE {name}")).await?;
                let url = format!("{}/{name}", admin.rsplit_once('/').map_or(admin, |(base, _)| base));
                // Settings for the servers' connections only, e.g. `plan_cache_mode=force_custom_plan`.
                let url = match pg_setting {
                    Some(setting) => format!("{url}?options=-c%20{}", setting.replace('=', "%3D")),
                    None => url,
                };
                let store = PostgresStore::connect(&url).await?;
                let (org, key) = prepare(&store).await?;
                store.pool().close().await;
                Ok(Database { dir, url: Some(url), admin: Some((admin.to_string(), name)), org, key })
            }
        }
    }

    /// A database that already exists (the generated data set): nothing is
    /// created, and [`Database::drop_now`] is never called on it.
    pub fn existing(dir: PathBuf, url: Option<String>, org: OrgId) -> Self {
        Database { dir, url, admin: None, org, key: String::new() }
    }

    /// One integer, by SQL.
    pub async fn scalar(&self, sql: &'static str) -> anyhow::Result<i64> {
        Ok(match &self.url {
            Some(url) => {
                let mut c = sqlx::PgConnection::connect(url).await?;
                sqlx::query_scalar(sql).fetch_one(&mut c).await?
            }
            None => {
                let url = format!("sqlite://{}", self.dir.join(vocal_store_sqlite::DATABASE_FILE).display());
                let mut c = sqlx::SqliteConnection::connect(&url).await?;
                sqlx::query_scalar(sql).fetch_one(&mut c).await?
            }
        })
    }

    pub async fn drop_now(self) -> anyhow::Result<()> {
        if let Some((admin, name)) = &self.admin {
            admin_sql(admin, &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await?;
        }
        let _ = std::fs::remove_dir_all(&self.dir);
        Ok(())
    }
}

async fn prepare<S: Store>(store: &S) -> anyhow::Result<(OrgId, String)> {
    let org = store.create_org("Bench", "UTC").await?;
    let key = vocal_app::accounts::api_keys::issue(store, org.id, "bench", ApiScope::Write).await?.secret;
    store.put_survey(org.id, vocal_app::demo::seed::demo_survey()).await?;
    Ok((org.id, key))
}

async fn admin_sql(admin: &str, sql: &str) -> anyhow::Result<()> {
    let mut connection = sqlx::PgConnection::connect(admin).await?;
    sqlx::query(sqlx::AssertSqlSafe(sql.to_string())).execute(&mut connection).await?;
    Ok(())
}

/// Which server answers.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Vocal,
    Plain,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Vocal => "Vocal (group commit)",
            Kind::Plain => "plain SQL, one INSERT per request",
        }
    }
}

/// A running server process.
pub struct Server {
    pub base: String,
    child: Child,
}

impl Server {
    pub async fn start(kind: Kind, db: &Database) -> anyhow::Result<Self> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let addr = format!("127.0.0.1:{port}");
        let base = format!("http://{addr}");
        let log = std::fs::File::create(db.dir.join("server.log"))?;
        let mut command = match kind {
            Kind::Vocal => {
                let mut c = Command::new(sibling("vocal")?);
                c.args(["serve", "--addr", &addr, "--public-url", &base, "--log", "warn", "--data"]).arg(&db.dir);
                c
            }
            Kind::Plain => {
                let mut c = Command::new(std::env::current_exe()?);
                c.args(["plain-serve", "--addr", &addr, "--org", &db.org.0.to_string(), "--key", &db.key, "--data"])
                    .arg(&db.dir);
                c
            }
        };
        if let Some(url) = &db.url {
            command.args(["--database-url", url]);
        }
        command.env_remove("VOCAL_DATABASE_URL").env_remove("VOCAL_CONFIG").current_dir(&db.dir);
        let child = command.stdout(Stdio::null()).stderr(log).spawn()?;
        let server = Server { base, child };
        server.wait_healthy().await?;
        Ok(server)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    async fn wait_healthy(&self) -> anyhow::Result<()> {
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let answer = client.get(format!("{}/healthz", self.base)).send().await;
            if answer.is_ok_and(|r| r.status().is_success()) {
                return Ok(());
            }
            anyhow::ensure!(Instant::now() < deadline, "the server at {} did not become healthy", self.base);
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// SIGTERM, then waits for the process to end.
    pub fn stop(mut self) -> anyhow::Result<()> {
        Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status()?;
        self.child.wait()?;
        Ok(())
    }
}

/// A binary built next to this one.
fn sibling(name: &str) -> anyhow::Result<PathBuf> {
    let path = std::env::current_exe()?.with_file_name(name);
    anyhow::ensure!(path.exists(), "{} is missing: build it with `cargo build --release -p vocal`", path.display());
    Ok(path)
}

/// `perf record` (DWARF call graphs) on a process until [`Profiler::stop`], when asked for.
pub struct Profiler(Option<Child>);

impl Profiler {
    pub fn start(output: Option<&Path>, pid: u32) -> anyhow::Result<Self> {
        let Some(output) = output else {
            return Ok(Profiler(None));
        };
        let child = Command::new("perf")
            .args(["record", "--call-graph", "dwarf,16384", "-F", "199", "-p", &pid.to_string(), "-o"])
            .arg(output)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        Ok(Profiler(Some(child)))
    }

    pub fn stop(self) -> anyhow::Result<()> {
        if let Some(mut child) = self.0 {
            Command::new("kill").args(["-INT", &child.id().to_string()]).status()?;
            child.wait()?;
        }
        Ok(())
    }
}
