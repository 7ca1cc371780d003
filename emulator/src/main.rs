use std::io::Write;

use clap::Parser;
use cometchat_emulator::cli::{Cli, Command};
use cometchat_emulator::server;
use tracing_subscriber::EnvFilter;

const SILENCED: [&str; 6] = [
    "tungstenite",
    "tungstenite::protocol",
    "tungstenite::protocol::frame",
    "tungstenite::protocol::frame::frame",
    "tungstenite::handshake",
    "tokio_tungstenite",
];

#[tokio::main]
async fn main() {
    // Logs go to stderr; stdout carries only the start-up lines scripts parse.
    let mut filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    // The WebSocket library logs whole frames at trace level, and a socket's first frame carries
    // its JWT: those modules stay silent whatever RUST_LOG asks (a directive for the same target
    // replaces the user's; each module that logs frames is named, so a narrower one cannot win).
    for target in SILENCED {
        if let Ok(d) = format!("{target}=off").parse() {
            filter = filter.add_directive(d);
        }
    }
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();

    let cli = Cli::parse();
    let Command::Serve(args) = cli.command;
    let opts = match server::ServeOptions::from_args(&args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    // Before the banner: whoever reads it may signal at once.
    let stop = server::shutdown_signal();
    let running = match server::start(opts).await {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    {
        let mut out = std::io::stdout().lock();
        for line in running.banner() {
            let _ = writeln!(out, "{line}");
        }
        let _ = out.flush();
    }
    stop.await;
    tracing::info!("shutting down");
    running.shutdown().await;
}
