//! A real headless Chromium driven over WebDriver (Debian's chromium and
//! chromium-driver, installed by `.ci/run`), with axe-core injected to
//! check pages for accessibility. Tests skip, saying so, where no driver is
//! installed. Screenshots land in `target/tmp/browser-screenshots/`.

mod cases;
mod e2e;
mod xss;

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

const AXE: &str = include_str!("axe-core/axe.min.js");

pub struct Browser {
    pub client: Client,
    driver: Child,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join(name)).find(|p| p.exists())
}

impl Browser {
    /// Starts chromedriver and a headless Chromium, or `None` (printing why) when they are not installed.
    pub async fn start() -> Option<Browser> {
        let chromium = std::env::var_os("VOCAL_TEST_CHROMIUM").map(PathBuf::from).or_else(|| find_on_path("chromium"));
        let (Some(chromium), Some(driver)) = (chromium, find_on_path("chromedriver")) else {
            eprintln!("skipped: no chromium and chromedriver (apt-get install chromium chromium-driver)");
            return None;
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let mut child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": chromium,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1800"]
            }),
        );
        let url = format!("http://127.0.0.1:{port}");
        for _ in 0..100 {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            if let Ok(client) = ClientBuilder::new(connector).capabilities(capabilities.clone()).connect(&url).await {
                return Some(Browser { client, driver: child });
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("chromedriver did not answer on {url}");
    }

    pub async fn goto(&self, url: &str) {
        self.client.goto(url).await.unwrap();
    }

    /// Fills the sign-in form and sends it.
    pub async fn sign_in(&self, base: &str, email: &str, password: &str) {
        self.goto(&format!("{base}/sign-in")).await;
        self.client.find(Locator::Id("email")).await.unwrap().send_keys(email).await.unwrap();
        self.client.find(Locator::Id("password")).await.unwrap().send_keys(password).await.unwrap();
        self.client.find(Locator::Css("form[action='/sign-in'] button")).await.unwrap().click().await.unwrap();
        // Each person's start page: the dashboard, or an agent's own page.
        for _ in 0..300 {
            let path = self.path().await;
            if path == "/dashboard" || path.starts_with("/agents/") {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("signing in led to {}", self.client.current_url().await.unwrap());
    }

    pub async fn path(&self) -> String {
        self.client.current_url().await.unwrap().path().to_string()
    }

    pub async fn wait_for_path(&self, path: &str) {
        for _ in 0..300 {
            if self.path().await == path {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the browser is at {}, not {path}", self.client.current_url().await.unwrap());
    }

    /// Waits until the URL's query contains `part`; the URL.
    pub async fn wait_for_query(&self, part: &str) -> url::Url {
        for _ in 0..200 {
            let url = self.client.current_url().await.unwrap();
            if url.query().unwrap_or_default().contains(part) {
                return url;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the browser is at {}, without {part}", self.client.current_url().await.unwrap());
    }

    /// The text of the first element matching `css`, read in one script
    /// (a live update may replace the element at any moment).
    pub async fn text(&self, css: &str) -> String {
        let script = "const e = document.querySelector(arguments[0]); return e ? e.innerText : null;";
        for _ in 0..200 {
            if let Ok(Value::String(text)) = self.client.execute(script, vec![Value::String(css.into())]).await {
                return text;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("nothing matches {css} on {}", self.client.current_url().await.unwrap());
    }

    /// Saves a PNG of the window for people to look at.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser-screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, self.client.screenshot().await.unwrap()).unwrap();
        path
    }

    /// axe-core's serious and critical violations on the current page, as "rule: n nodes (targets)".
    pub async fn accessibility_violations(&self) -> Vec<String> {
        self.client.execute(&format!("{AXE}\n;return true;"), vec![]).await.unwrap();
        let script = "const done = arguments[arguments.length - 1];
            axe.run(document, { resultTypes: ['violations'] }).then(r => done(r.violations
              .filter(v => v.impact === 'serious' || v.impact === 'critical')
              .map(v => v.id + ': ' + v.nodes.length + ' nodes ' + JSON.stringify(v.nodes.slice(0, 3).map(n => n.target)))));";
        let found: Value = self.client.execute_async(script, vec![]).await.unwrap();
        found.as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect()
    }
}
