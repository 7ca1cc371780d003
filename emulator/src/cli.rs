//! Command line.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "cometchat-emulator",
    version,
    about = "A local CometChat-compatible REST server (client + admin user APIs) over SQLite"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the client API (/v3.0, /v3 with `authToken`) and the admin API (with `apiKey`).
    Serve(ServeArgs),
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// Port to listen on (0 picks a free one; the chosen port is printed).
    #[arg(long, default_value_t = 8787)]
    pub port: u16,
    /// SQLite database file (created if missing).
    #[arg(long, value_name = "PATH", conflicts_with = "memory")]
    pub db: Option<PathBuf>,
    /// Use a throwaway in-memory database.
    #[arg(long)]
    pub memory: bool,
    /// App id (default: the stored one, else `cometchat-emulator-app`).
    #[arg(long, value_name = "ID")]
    pub app_id: Option<String>,
    /// REST API key for the admin API (default: the stored one, else generated and stored).
    #[arg(long, value_name = "KEY")]
    pub api_key: Option<String>,
    /// Seed data (repeatable): `demo` (a 62-user demo directory and the /demo routes) or a JSON
    /// file of the app's own fixture users, friends, blocks and tokens (see the README).
    #[arg(long, value_name = "demo|FILE.json")]
    pub seed: Vec<String>,
    /// Also serve a built web app from this directory at `/`.
    #[arg(long = "static", value_name = "DIR")]
    pub static_dir: Option<PathBuf>,
    /// Serve HTTPS with a self-signed certificate generated at start.
    #[arg(long)]
    pub tls: bool,
    /// Allowed CORS origin (repeatable). Default: any origin.
    #[arg(long = "cors-origin", value_name = "ORIGIN")]
    pub cors_origins: Vec<String>,
    /// Keep an in-memory log of requests at /__emulator/requests (tests only).
    #[arg(long)]
    pub record_requests: bool,
    /// Limit the client API to N requests per minute (fixed window; off by default).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub rate_limit: Option<u32>,
    /// Length of the rate-limit window in seconds (default 60, CometChat's minute; shorter for
    /// tests that wait for a window to end).
    #[arg(long, value_name = "SECS", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub rate_window: u64,
    /// How long a user stays online after their last socket closes, in milliseconds (a reload
    /// reconnects within it; 0 = offline at once).
    #[arg(long, value_name = "MS", default_value_t = 2000, value_parser = clap::value_parser!(u64).range(0..=600_000))]
    pub presence_grace_ms: u64,
    /// Tests: close a socket that has not authenticated within this many milliseconds.
    #[arg(long, hide = true, value_name = "MS", default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..))]
    pub socket_auth_timeout_ms: u64,
    /// Tests: close a socket silent (no frame at all) for this many milliseconds.
    #[arg(long, hide = true, value_name = "MS", default_value_t = 35_000, value_parser = clap::value_parser!(u64).range(1..))]
    pub socket_idle_timeout_ms: u64,
    /// Tests: sockets open at once, in all (one more upgrade gets a 503).
    #[arg(long, hide = true, value_name = "N", default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub max_sockets: u64,
    /// Tests: authenticated sockets per user (one more is refused at auth).
    #[arg(long, hide = true, value_name = "N", default_value_t = 16, value_parser = clap::value_parser!(u64).range(1..=1000))]
    pub max_sockets_per_user: u64,
}

/// Default database location, ignored by git.
pub fn default_db_path() -> PathBuf {
    PathBuf::from(".cometchat-emulator").join("emulator.db")
}
