//! `vocal healthcheck`: a plain HTTP/1.0 request to `/healthz`, so the
//! binary needs no HTTP client library for it.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

pub async fn run(addr: SocketAddr) -> anyhow::Result<ExitCode> {
    let check = async {
        let mut stream =
            tokio::net::TcpStream::connect(addr).await.with_context(|| format!("no server answers at {addr}"))?;
        stream.write_all(format!("GET /healthz HTTP/1.0\r\nHost: {addr}\r\n\r\n").as_bytes()).await?;
        let mut reply = Vec::new();
        stream.read_to_end(&mut reply).await?;
        anyhow::Ok(String::from_utf8_lossy(&reply).lines().next().unwrap_or_default().to_string())
    };
    let status_line =
        tokio::time::timeout(Duration::from_secs(5), check).await.context("the health check timed out")??;
    if status_line.split_whitespace().nth(1) == Some("200") {
        println!("ok: {addr} is healthy");
        Ok(ExitCode::SUCCESS)
    } else {
        println!("unhealthy: {addr} answered {status_line:?}");
        Ok(ExitCode::FAILURE)
    }
}
