//! `vocal serve`.

use std::net::SocketAddr;
use std::process::ExitCode;

use anyhow::Context;
use vocal_app::settings::Settings;
use vocal_store::Store;
use vocal_web::App;

pub async fn run<S: Store>(store: S, mut settings: Settings, addr: Option<SocketAddr>) -> anyhow::Result<ExitCode> {
    let addr = addr.unwrap_or(settings.addr);
    settings.addr = addr;
    let started = std::time::Instant::now();
    let app = App::start(store, settings).await.context("starting the server")?;
    let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("cannot listen on {addr}"))?;
    tracing::info!(%addr, elapsed_ms = started.elapsed().as_millis() as u64, "serving");
    vocal_web::serve(app, listener, shutdown_signal()).await?;
    tracing::info!("stopped");
    Ok(ExitCode::SUCCESS)
}

/// Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}
