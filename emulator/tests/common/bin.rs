//! The real binary as a child process: started, its banner read up to the ready line, its
//! output collected, stopped with SIGTERM.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

pub const BIN: &str = env!("CARGO_BIN_EXE_cometchat-emulator");

pub struct Proc {
    pub child: Child,
    pub base: String,
    /// The banner, its last line the ready line.
    pub lines: Vec<String>,
    /// The ready line, parsed.
    pub ready: Value,
}

pub fn spawn(args: &[&str]) -> Proc {
    launch(args, "warn", None)
}

/// Starts the binary at this log level and reads stdout until the ready line (`{"ready":true,…}`);
/// with `out`, everything it prints after that on stdout and on stderr (the logs) is appended
/// there until it exits.
pub fn launch(args: &[&str], rust_log: &str, out: Option<Arc<Mutex<String>>>) -> Proc {
    let mut child = Command::new(BIN)
        .args(args)
        .env("RUST_LOG", rust_log)
        .stdout(Stdio::piped())
        .stderr(if out.is_some() { Stdio::piped() } else { Stdio::null() })
        .spawn()
        .expect("spawn emulator");
    if let (Some(err), Some(out)) = (child.stderr.take(), out.clone()) {
        std::thread::spawn(move || collect(BufReader::new(err), &out));
    }
    let stdout = child.stdout.take().expect("stdout");
    let mut reader = BufReader::new(stdout);
    let mut lines = Vec::new();
    let ready = loop {
        let mut line = String::new();
        if reader.read_line(&mut line).expect("read stdout") == 0 {
            panic!("emulator exited before its ready line; got {lines:?}");
        }
        lines.push(line.trim_end().to_string());
        if line.starts_with('{') {
            break serde_json::from_str::<Value>(&line).expect("the ready line is JSON");
        }
        assert!(lines.len() < 20, "no ready line in {lines:?}");
    };
    let base = lines[0].strip_prefix("listening on ").expect("first line").to_string();
    // Keep draining stdout so the child never blocks on a full pipe.
    std::thread::spawn(move || match out {
        Some(out) => collect(reader, &out),
        None => for _ in reader.lines() {},
    });
    Proc { child, base, lines, ready }
}

fn collect(reader: impl BufRead, out: &Mutex<String>) {
    for line in reader.lines().map_while(Result::ok) {
        let mut o = out.lock().unwrap_or_else(|e| e.into_inner());
        o.push_str(&line);
        o.push('\n');
    }
}

/// Sends SIGTERM and waits (up to 10 s) for the exit; true when it exited cleanly.
pub async fn terminate(p: &mut Proc) -> bool {
    let status = Command::new("kill").args(["-TERM", &p.child.id().to_string()]).status().expect("kill");
    assert!(status.success());
    let start = Instant::now();
    loop {
        if let Some(code) = p.child.try_wait().expect("wait") {
            return code.success();
        }
        assert!(start.elapsed() < Duration::from_secs(10), "did not stop on SIGTERM");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Stops `p` with SIGTERM, so that every line is out, then what it printed.
pub async fn stop_and_read(p: &mut Proc, out: &Mutex<String>) -> String {
    terminate(p).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    out.lock().unwrap_or_else(|e| e.into_inner()).clone()
}
