//! An in-process LSP client for the server's protocol tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::thread::JoinHandle;
use std::time::Duration;

use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use serde_json::{json, Value};

pub struct Client {
    pub conn: Connection,
    server: Option<JoinHandle<i32>>,
    next_id: i32,
    /// Notifications received while waiting for something else.
    pub pending: Vec<Notification>,
}

impl Client {
    /// Start a server on a thread; nothing is sent yet.
    pub fn spawn() -> Client {
        let (server, client) = Connection::memory();
        let handle = std::thread::spawn(move || cxlint::lsp::serve(&server));
        Client {
            conn: client,
            server: Some(handle),
            next_id: 0,
            pending: Vec::new(),
        }
    }

    /// Start and initialize with these client capabilities.
    pub fn start(capabilities: Value) -> (Client, Value) {
        let mut c = Client::spawn();
        let resp = c.request(
            "initialize",
            json!({ "processId": null, "rootUri": null, "capabilities": capabilities }),
        );
        let result = resp.response_result.expect("initialize result");
        c.notify("initialized", json!({}));
        (c, result)
    }

    pub fn notify(&self, method: &str, params: Value) {
        self.conn
            .sender
            .send(Notification::new(method.into(), params).into())
            .expect("send");
    }

    pub fn request(&mut self, method: &str, params: Value) -> Response {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.conn
            .sender
            .send(Request::new(id.clone(), method.into(), params).into())
            .expect("send");
        loop {
            match self.recv() {
                Message::Response(r) if r.id == id => return r,
                Message::Notification(n) => self.pending.push(n),
                _ => {}
            }
        }
    }

    fn recv(&self) -> Message {
        self.conn
            .receiver
            .recv_timeout(Duration::from_secs(60))
            .expect("a message from the server within 60 s")
    }

    /// The next notification with this method (earlier ones kept pending).
    pub fn next_notification(&mut self, method: &str) -> Notification {
        if let Some(i) = self.pending.iter().position(|n| n.method == method) {
            return self.pending.remove(i);
        }
        loop {
            match self.recv() {
                Message::Notification(n) if n.method == method => return n,
                Message::Notification(n) => self.pending.push(n),
                _ => {}
            }
        }
    }

    /// The next diagnostics published for `uri` (others are kept pending,
    /// in order).
    pub fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let is_for = |n: &Notification| {
            n.method == "textDocument/publishDiagnostics" && n.params["uri"] == uri
        };
        let n = match self.pending.iter().position(is_for) {
            Some(i) => self.pending.remove(i),
            None => loop {
                match self.recv() {
                    Message::Notification(n) if is_for(&n) => break n,
                    Message::Notification(n) => self.pending.push(n),
                    _ => {}
                }
            },
        };
        n.params["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Drain what the server has sent so far, waiting `ms` for stragglers.
    pub fn settle(&mut self, ms: u64) {
        while let Ok(m) = self.conn.receiver.recv_timeout(Duration::from_millis(ms)) {
            if let Message::Notification(n) = m {
                self.pending.push(n);
            }
        }
    }

    pub fn open(&self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "terraform", "version": 1, "text": text } }),
        );
    }

    pub fn change(&self, uri: &str, version: i32, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [ { "text": text } ] }),
        );
    }

    /// shutdown + exit; returns the server's exit code.
    pub fn shutdown(mut self) -> i32 {
        let r = self.request("shutdown", Value::Null);
        assert!(r.response_result.is_ok(), "shutdown failed: {r:?}");
        self.notify("exit", Value::Null);
        self.join()
    }

    pub fn join(mut self) -> i32 {
        self.server
            .take()
            .expect("server thread")
            .join()
            .expect("server thread panicked")
    }
}

/// A copy of the shipped example in a temporary directory that is its own
/// repository root (so no `.cxlint.hcl` above it applies).
pub fn example_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(tmp.path().join(".git")).expect("mkdir .git");
    let dir = tmp.path().join("partner-analytics");
    std::fs::create_dir(&dir).expect("mkdir");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/partner-analytics");
    for e in std::fs::read_dir(&src).expect("example dir").flatten() {
        std::fs::copy(e.path(), dir.join(e.file_name())).expect("copy");
    }
    (tmp, dir)
}

pub fn uri(path: &Path) -> String {
    cxlint::lsp::convert::path_to_uri(path)
        .expect("uri")
        .as_str()
        .to_string()
}

pub fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}
