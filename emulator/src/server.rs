//! Start-up: open the database, settle the app id / API key, seed, bind, serve (REST and the
//! socket on one listener), shut down.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use crate::cli::{default_db_path, ServeArgs};
use crate::rate_limit::RateLimiter;
use crate::requests_log::Recorder;
use crate::routes::{self, RouteOptions};
use crate::seed::fixture::{self, Fixture};
use crate::socket::hub::{Hub, Limits};
use crate::state::AppState;
use crate::store::{meta, Db, Location};
use crate::{client_api, health, seed, tls};

pub const DEFAULT_APP_ID: &str = "cometchat-emulator-app";

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub host: String,
    pub port: u16,
    pub location: Location,
    pub app_id: Option<String>,
    pub api_key: Option<String>,
    pub seed_demo: bool,
    /// `--seed FILE.json`, read and checked before anything starts.
    pub seed_file: Option<Arc<Fixture>>,
    pub static_dir: Option<PathBuf>,
    pub tls: bool,
    pub cors_origins: Vec<String>,
    pub record_requests: bool,
    /// `--rate-limit`: client-API requests per window.
    pub rate_limit: Option<u32>,
    /// The rate-limit window (a minute; tests shorten it).
    pub rate_window_secs: u64,
    /// Reader connections for a file database.
    pub readers: usize,
    /// The socket's grace period, timeouts and caps.
    pub sockets: Limits,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            host: "127.0.0.1".into(),
            port: 0,
            location: Location::Memory,
            app_id: None,
            api_key: None,
            seed_demo: false,
            seed_file: None,
            static_dir: None,
            tls: false,
            cors_origins: Vec::new(),
            record_requests: false,
            rate_limit: None,
            rate_window_secs: 60,
            readers: 4,
            sockets: Limits::default(),
        }
    }
}

impl ServeOptions {
    pub fn from_args(a: &ServeArgs) -> Result<Self, String> {
        let location =
            if a.memory { Location::Memory } else { Location::File(a.db.clone().unwrap_or_else(default_db_path)) };
        if let Some(dir) = &a.static_dir {
            if !dir.is_dir() {
                return Err(format!("--static {}: not a directory", dir.display()));
            }
        }
        for (flag, v) in [("--app-id", &a.app_id), ("--api-key", &a.api_key)] {
            if let Some(v) = v {
                if v.is_empty() || v.len() > 200 || !v.chars().all(|c| c.is_ascii_graphic()) {
                    return Err(format!("{flag}: 1 to 200 printable ASCII characters without spaces"));
                }
            }
        }
        let mut seed_demo = false;
        let mut seed_file = None;
        for set in &a.seed {
            match set.as_str() {
                "demo" => seed_demo = true,
                _ if seed_file.is_some() => return Err("--seed: at most one seed file".into()),
                path => seed_file = Some(Arc::new(fixture::load(Path::new(path))?)),
            }
        }
        Ok(ServeOptions {
            host: a.host.clone(),
            port: a.port,
            location,
            app_id: a.app_id.clone(),
            api_key: a.api_key.clone(),
            seed_demo,
            seed_file,
            static_dir: a.static_dir.clone(),
            tls: a.tls,
            cors_origins: a.cors_origins.clone(),
            record_requests: a.record_requests,
            rate_limit: a.rate_limit,
            rate_window_secs: a.rate_window,
            readers: 4,
            sockets: Limits {
                grace: Duration::from_millis(a.presence_grace_ms),
                auth_timeout: Duration::from_millis(a.socket_auth_timeout_ms),
                idle_timeout: Duration::from_millis(a.socket_idle_timeout_ms),
                per_user: a.max_sockets_per_user as usize,
                total: a.max_sockets as usize,
                ..Limits::default()
            },
        })
    }
}

pub struct Running {
    pub addr: SocketAddr,
    /// `http(s)://host:port`.
    pub base_url: String,
    pub app_id: String,
    pub api_key: String,
    pub demo: bool,
    pub rate_limit: Option<u32>,
    /// The sockets, closed at shutdown.
    hub: Arc<Hub>,
    handle: axum_server::Handle<SocketAddr>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Running {
    /// The start-up lines printed on stdout (the first one is what scripts wait for).
    pub fn banner(&self) -> Vec<String> {
        let mut lines = vec![
            format!("listening on {}", self.base_url),
            format!("app id: {}", self.app_id),
            format!("api key: {}", self.api_key),
            format!("client api: {}/v3.0", self.base_url),
            format!("admin api: {}/v3", self.base_url),
            format!("socket: {}/ws", self.base_url.replacen("http", "ws", 1)),
        ];
        if self.demo {
            lines.push(format!("demo login: POST {}/demo/login {{\"uid\":\"alice\"}}", self.base_url));
        }
        if let Some(n) = self.rate_limit {
            lines.push(format!("rate limit: {n} client-API requests per minute"));
        }
        lines.push(self.ready_line());
        lines
    }

    /// The banner's last line, for CI scripts: one JSON object with everything a client needs.
    /// Printed once the listener is bound, so a connection made after reading it is served.
    pub fn ready_line(&self) -> String {
        // A struct, not `json!`, so the keys keep this order: the line starts `{"ready":true,`.
        #[derive(serde::Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Ready<'a> {
            ready: bool,
            url: &'a str,
            client_api: String,
            admin_api: String,
            socket: String,
            health: String,
            app_id: &'a str,
            api_key: &'a str,
            pid: u32,
        }
        let b = &self.base_url;
        let ready = Ready {
            ready: true,
            url: b,
            client_api: format!("{b}/v3.0"),
            admin_api: format!("{b}/v3"),
            socket: format!("{}/ws", b.replacen("http", "ws", 1)),
            health: format!("{b}{}", health::PATH),
            app_id: &self.app_id,
            api_key: &self.api_key,
            pid: std::process::id(),
        };
        serde_json::to_string(&ready).unwrap_or_default()
    }

    /// Graceful shutdown: close the sockets (1001), stop accepting, let in-flight requests finish
    /// (up to 5 s).
    pub async fn shutdown(self) {
        self.hub.shutdown();
        self.handle.graceful_shutdown(Some(Duration::from_secs(5)));
        let _ = self.task.await;
    }
}

fn settle(db: &Db, key: &str, given: Option<String>, default: impl FnOnce() -> String) -> Result<String, String> {
    db.write_blocking(|tx| {
        let value = match given {
            Some(v) => v,
            None => match meta::get(tx, key)? {
                Some(v) => v,
                None => default(),
            },
        };
        meta::set(tx, key, &value)?;
        Ok(value)
    })
    .map_err(|e| format!("database: {e:?}"))
}

pub async fn start(opts: ServeOptions) -> Result<Running, String> {
    if let Location::File(path) = &opts.location {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
    }
    let db = Arc::new(Db::open(&opts.location, opts.readers).map_err(|e| format!("database: {e}"))?);
    let app_id = settle(&db, "app_id", opts.app_id.clone(), || DEFAULT_APP_ID.to_string())?;
    let api_key = settle(&db, "api_key", opts.api_key.clone(), || client_api::random_hex(20))?;

    let listener = std::net::TcpListener::bind((opts.host.as_str(), opts.port))
        .map_err(|e| format!("cannot listen on {}:{}: {e}", opts.host, opts.port))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let scheme = if opts.tls { "https" } else { "http" };
    let shown_host = match addr.ip() {
        ip if ip.is_unspecified() => "127.0.0.1".to_string(),
        std::net::IpAddr::V6(ip) => format!("[{ip}]"),
        std::net::IpAddr::V4(ip) => ip.to_string(),
    };
    let base_url = format!("{scheme}://{shown_host}:{}", addr.port());

    // The app's own fixtures first: where a uid is in both, the file's user is the one created.
    if let Some(f) = &opts.seed_file {
        db.write_blocking(|tx| fixture::apply(tx, f)).map_err(|e| format!("--seed: {e}"))?;
    }
    if opts.seed_demo {
        seed::seed_demo(&db, &base_url).map_err(|e| format!("seed: {e:?}"))?;
    }
    let recorder = opts.record_requests.then(|| Arc::new(Recorder::default()));
    let hub = Arc::new(Hub::new(db.clone(), app_id.clone(), opts.sockets.clone()));
    let state = Arc::new(AppState::new(db, app_id.clone(), api_key.clone(), base_url.clone(), hub.clone()));
    let app = routes::build(
        state,
        &RouteOptions {
            static_dir: opts.static_dir.clone(),
            cors_origins: opts.cors_origins.clone(),
            demo: opts.seed_demo,
            recorder,
            rate_limit: opts.rate_limit.map(|n| Arc::new(RateLimiter::new(n, opts.rate_window_secs))),
        },
    );

    let handle: axum_server::Handle<SocketAddr> = axum_server::Handle::new();
    let service = app.into_make_service();
    let task = if opts.tls {
        let config = tls::self_signed_config(&opts.host)?;
        let rustls = axum_server::tls_rustls::RustlsConfig::from_config(config);
        let server = axum_server::tls_rustls::from_tcp_rustls(listener, rustls).map_err(|e| e.to_string())?;
        tokio::spawn(server.handle(handle.clone()).serve(service))
    } else {
        let mut server = axum_server::from_tcp(listener).map_err(|e| e.to_string())?;
        server.http_builder().http1().keep_alive(true);
        tokio::spawn(server.handle(handle.clone()).serve(service))
    };
    tracing::info!("listening on {base_url}");
    Ok(Running {
        addr,
        base_url,
        app_id,
        api_key,
        demo: opts.seed_demo,
        rate_limit: opts.rate_limit,
        hub,
        handle,
        task,
    })
}

/// Resolves on SIGINT or SIGTERM. The handlers are installed when this is called, not when the
/// future is first polled: a SIGTERM sent right after the banner (before `main` gets to await
/// it) must stop the server gracefully, not kill it with the default action.
pub fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, Signal, SignalKind};
        async fn recv(s: Option<Signal>) {
            match s {
                Some(mut s) => {
                    s.recv().await;
                }
                None => std::future::pending::<()>().await,
            }
        }
        let (term, int) = (signal(SignalKind::terminate()).ok(), signal(SignalKind::interrupt()).ok());
        async move {
            tokio::select! {
                _ = recv(term) => {},
                _ = recv(int) => {},
            }
        }
    }
    #[cfg(not(unix))]
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}
