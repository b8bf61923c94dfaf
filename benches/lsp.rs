//! Language server latency and memory, driven in-process (no pipes): the
//! time from a `didChange` to the answer of a request sent right behind it
//! (the server lints and publishes before it answers), and the resident
//! memory after 100 and after 10,000 edits. One worker thread ("one core").
//!
//! usage: cargo bench --bench lsp -- [FILE.tf ...]
//!   Always measures `examples/partner-analytics/main.tf` (copied to a
//!   temporary directory); each FILE is measured in place, read-only.
//! env: EDITS (default 200) timed edits per file; MEMORY_EDITS (default
//! 10000) for the memory run; 0 skips it.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{json, Value};

struct Driver {
    conn: Connection,
    id: i32,
}

impl Driver {
    fn start() -> (Driver, std::thread::JoinHandle<i32>) {
        let (server, client) = Connection::memory();
        let h = std::thread::spawn(move || cxlint::lsp::serve(&server));
        let mut d = Driver {
            conn: client,
            id: 0,
        };
        d.request("initialize", json!({ "capabilities": {} }));
        d.notify("initialized", json!({}));
        (d, h)
    }

    fn notify(&self, method: &str, params: Value) {
        let n = Notification::new(method.into(), params);
        self.conn.sender.send(n.into()).expect("send");
    }

    /// Send a request and wait for its answer, dropping the notifications
    /// (diagnostics) that come before it.
    fn request(&mut self, method: &str, params: Value) {
        self.id += 1;
        let id = RequestId::from(self.id);
        let r = Request::new(id.clone(), method.into(), params);
        self.conn.sender.send(r.into()).expect("send");
        loop {
            match self.conn.receiver.recv().expect("recv") {
                Message::Response(r) if r.id == id => return,
                _ => {}
            }
        }
    }

    /// One edit: the time until the diagnostics of that text are published.
    fn edit(&mut self, uri: &str, version: i32, text: &str) -> Duration {
        let t = Instant::now();
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [ { "text": text } ] }),
        );
        self.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 0 } }),
        );
        t.elapsed()
    }
}

/// The text with a trailing comment that differs for each edit, all of one size.
fn variant(base: &str, i: i32) -> String {
    format!("{base}\n# edit {i:08}\n")
}

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// CPU time of the whole process (server and driver threads), in ms.
fn cpu_ms() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which may hold spaces): utime is the
    // 12th, stime the 13th; clock ticks are 1/100 s on Linux.
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let f: Vec<f64> = rest
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0.0))
        .collect();
    (f.get(11).unwrap_or(&0.0) + f.get(12).unwrap_or(&0.0)) * 10.0
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn measure(file: &Path, edits: i32) {
    let uri = cxlint::lsp::convert::path_to_uri(file).expect("uri");
    let uri = uri.as_str();
    let base = std::fs::read_to_string(file).expect("read");
    let (mut d, h) = Driver::start();
    d.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "terraform", "version": 0, "text": base } }),
    );
    // Warm-up: settings, rule registry, caches.
    for i in 0..5 {
        d.edit(uri, i + 1, &variant(&base, i));
    }
    let cpu0 = cpu_ms();
    let mut times: Vec<Duration> = (0..edits)
        .map(|i| d.edit(uri, i + 10, &variant(&base, i)))
        .collect();
    let cpu = (cpu_ms() - cpu0) / f64::from(edits);
    times.sort();
    let files = file
        .parent()
        .and_then(|p| std::fs::read_dir(p).ok())
        .map(|rd| {
            rd.flatten()
                .filter(|e| cxlint::lsp::workspace::is_lintable(&e.path()))
                .count()
        })
        .unwrap_or(0);
    println!(
        "{} ({} files in its directory, {} KiB): didChange -> diagnostics over {edits} edits: median {:.2} ms, p90 {:.2} ms, min {:.2} ms (wall); CPU {cpu:.2} ms per edit",
        file.display(),
        files,
        base.len() / 1024,
        ms(times[times.len() / 2]),
        ms(times[times.len() * 9 / 10]),
        ms(times[0]),
    );
    d.request("shutdown", Value::Null);
    d.notify("exit", Value::Null);
    let _ = h.join();
}

fn memory(file: &Path, total: i32) {
    let uri = cxlint::lsp::convert::path_to_uri(file).expect("uri");
    let uri = uri.as_str();
    let base = std::fs::read_to_string(file).expect("read");
    let (mut d, h) = Driver::start();
    d.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "terraform", "version": 0, "text": base } }),
    );
    let mut at_100 = 0;
    for i in 0..total {
        d.edit(uri, i + 1, &variant(&base, i));
        if i + 1 == 100 {
            at_100 = rss_kib();
        }
    }
    let at_end = rss_kib();
    println!(
        "memory (RSS) after 100 edits: {:.1} MiB; after {total}: {:.1} MiB ({:+.1}%)",
        at_100 as f64 / 1024.0,
        at_end as f64 / 1024.0,
        (at_end as f64 - at_100 as f64) * 100.0 / at_100.max(1) as f64
    );
    d.request("shutdown", Value::Null);
    d.notify("exit", Value::Null);
    let _ = h.join();
}

fn main() {
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build_global();
    let env = |k: &str, default: i32| {
        std::env::var(k)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let edits = env("EDITS", 200).max(1);
    let memory_edits = env("MEMORY_EDITS", 10_000);
    println!(
        "cxlint lsp benchmark: {} CPUs, {}, 1 worker thread",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1),
        std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(
                |s| s.lines().find(|l| l.starts_with("model name")).map(|l| l
                    .split(':')
                    .nth(1)
                    .unwrap_or("")
                    .trim()
                    .to_string())
            )
            .unwrap_or_default()
    );
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(tmp.path().join(".git")).expect("git");
    let example = tmp.path().join("partner-analytics");
    std::fs::create_dir(&example).expect("mkdir");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/partner-analytics");
    for e in std::fs::read_dir(&src).expect("example").flatten() {
        std::fs::copy(e.path(), example.join(e.file_name())).expect("copy");
    }
    let main_tf = example.join("main.tf");
    measure(&main_tf, edits);
    // Arguments after `--bench` that cargo passes through are not files.
    let files: Vec<PathBuf> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .collect();
    for f in &files {
        measure(
            &std::fs::canonicalize(f).unwrap_or_else(|_| f.clone()),
            edits,
        );
    }
    if memory_edits > 100 {
        memory(&main_tf, memory_edits);
    }
}
