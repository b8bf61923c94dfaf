//! `cxlint lsp`: a Language Server Protocol server on standard input/output.
//!
//! One thread, no async runtime: requests are answered in order, and a burst
//! of edits is linted once (changes queued behind the one being handled are
//! applied before the next lint), which is the only debouncing needed when a
//! lint is faster than typing.

pub mod actions;
pub mod convert;
pub mod pos;
pub mod settings;
pub mod stdio;
pub mod workspace;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crossbeam_channel::TryRecvError;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, HoverProviderCapability,
    InitializeParams, ServerCapabilities, ServerInfo, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions,
};

use pos::{Encoding, LineIndex};
use workspace::{Document, Workspace};

/// The command that returns a rule's documentation.
pub const EXPLAIN: &str = "cxlint.explain";

/// Run the server on standard input/output; returns the process exit code.
pub fn run_stdio() -> i32 {
    let (conn, writer) = stdio::connect();
    let code = serve(&conn);
    drop(conn);
    // Every answer is written before the process exits.
    let _ = writer.join();
    code
}

/// Serve one client until `exit` (0 after `shutdown`, 1 without) or until
/// the connection closes (1).
pub fn serve(conn: &Connection) -> i32 {
    let Some((id, params)) = wait_for_initialize(conn) else {
        return 1;
    };
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let enc = Encoding::negotiate(
        params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_deref()),
    );
    let result = lsp_types::InitializeResult {
        capabilities: capabilities(enc),
        server_info: Some(ServerInfo {
            name: "cxlint".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
    };
    if conn
        .sender
        .send(Response::new_ok(id, result).into())
        .is_err()
    {
        return 1;
    }
    let watch = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files)
        .and_then(|c| c.dynamic_registration)
        .unwrap_or(false);
    let mut server = Server {
        conn,
        ws: Workspace::new(enc),
        shutdown: false,
        dirty: BTreeSet::new(),
        watch,
        logged: Default::default(),
    };
    server.main_loop()
}

fn capabilities(enc: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(enc.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..TextDocumentSyncOptions::default()
            },
        )),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::new(actions::FIX_ALL),
            ]),
            ..CodeActionOptions::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        execute_command_provider: Some(lsp_types::ExecuteCommandOptions {
            commands: vec![EXPLAIN.into()],
            ..Default::default()
        }),
        ..ServerCapabilities::default()
    }
}

/// Wait for `initialize`, answering other requests with the error LSP
/// prescribes. `None` when the client exits or goes away first.
fn wait_for_initialize(conn: &Connection) -> Option<(RequestId, serde_json::Value)> {
    loop {
        match conn.receiver.recv().ok()? {
            Message::Request(r) if r.method == "initialize" => return Some((r.id, r.params)),
            Message::Request(r) => {
                let resp = Response::new_err(
                    r.id,
                    ErrorCode::ServerNotInitialized as i32,
                    "the server is not initialized yet".into(),
                );
                conn.sender.send(resp.into()).ok()?;
            }
            Message::Notification(n) if n.method == "exit" => return None,
            _ => {}
        }
    }
}

struct Server<'c> {
    conn: &'c Connection,
    ws: Workspace,
    shutdown: bool,
    /// Directories changed since they were last linted.
    dirty: BTreeSet<PathBuf>,
    watch: bool,
    /// What the last lint of each directory logged: the same problems are
    /// not logged again at every keystroke.
    logged: std::collections::HashMap<PathBuf, Vec<String>>,
}

enum Flow {
    Continue,
    Exit(i32),
}

impl Server<'_> {
    fn main_loop(&mut self) -> i32 {
        loop {
            let msg = if self.dirty.is_empty() {
                match self.conn.receiver.recv() {
                    Ok(m) => m,
                    Err(_) => return 1,
                }
            } else {
                match self.conn.receiver.try_recv() {
                    Ok(m) => m,
                    Err(TryRecvError::Empty) => {
                        self.lint_dirty();
                        continue;
                    }
                    Err(TryRecvError::Disconnected) => return 1,
                }
            };
            // Answers reflect every edit that came before the question.
            if matches!(msg, Message::Request(_)) {
                self.lint_dirty();
            }
            let outcome =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.handle(msg)));
            match outcome {
                Ok(Flow::Continue) => {}
                Ok(Flow::Exit(code)) => return code,
                Err(_) => self.log(
                    lsp_types::MessageType::ERROR,
                    "internal error while handling a message (this is a bug in cxlint; please report it)",
                ),
            }
        }
    }

    fn handle(&mut self, msg: Message) -> Flow {
        match msg {
            Message::Request(r) => {
                let id = r.id.clone();
                let resp = self.request(r);
                let resp = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| resp))
                    .unwrap_or_else(|_| {
                        Response::new_err(
                            id,
                            ErrorCode::InternalError as i32,
                            "internal error".into(),
                        )
                    });
                let _ = self.conn.sender.send(resp.into());
                Flow::Continue
            }
            Message::Notification(n) => self.notification(n),
            Message::Response(_) => Flow::Continue,
        }
    }

    fn request(&mut self, r: Request) -> Response {
        if self.shutdown {
            return Response::new_err(
                r.id,
                ErrorCode::InvalidRequest as i32,
                "the server is shutting down".into(),
            );
        }
        let result = match r.method.as_str() {
            "shutdown" => {
                self.shutdown = true;
                Ok(serde_json::Value::Null)
            }
            "initialize" => {
                return Response::new_err(
                    r.id,
                    ErrorCode::InvalidRequest as i32,
                    "the server is already initialized".into(),
                )
            }
            "textDocument/codeAction" => self.code_action(r.params),
            "textDocument/hover" => self.hover(r.params),
            "workspace/executeCommand" => self.execute(r.params),
            _ => {
                return Response::new_err(
                    r.id,
                    ErrorCode::MethodNotFound as i32,
                    format!("unknown method `{}`", r.method),
                )
            }
        };
        match result {
            Ok(v) => Response::new_ok(r.id, v),
            Err(e) => Response::new_err(r.id, ErrorCode::InvalidParams as i32, e),
        }
    }

    fn code_action(&mut self, params: serde_json::Value) -> Result<serde_json::Value, String> {
        let p: lsp_types::CodeActionParams = parse(params)?;
        let Some(path) = convert::uri_to_path(&p.text_document.uri) else {
            return Ok(serde_json::Value::Null);
        };
        let acts = actions::code_actions(&self.ws, &path, p.range, p.context.only.as_deref());
        serde_json::to_value(acts).map_err(|e| e.to_string())
    }

    fn hover(&mut self, params: serde_json::Value) -> Result<serde_json::Value, String> {
        let p: lsp_types::HoverParams = parse(params)?;
        let pp = p.text_document_position_params;
        let Some(path) = convert::uri_to_path(&pp.text_document.uri) else {
            return Ok(serde_json::Value::Null);
        };
        let h = actions::hover(&mut self.ws, &path, pp.position);
        serde_json::to_value(h).map_err(|e| e.to_string())
    }

    /// `cxlint.explain CODE`: the rule's documentation (markdown), as
    /// `cxlint explain CODE` prints it, or null for an unknown rule.
    fn execute(&mut self, params: serde_json::Value) -> Result<serde_json::Value, String> {
        let p: lsp_types::ExecuteCommandParams = parse(params)?;
        if p.command != EXPLAIN {
            return Err(format!("unknown command `{}`", p.command));
        }
        let key = p
            .arguments
            .first()
            .and_then(|a| a.as_str())
            .ok_or("`cxlint.explain` takes a rule code or name")?;
        let dir = self
            .ws
            .docs
            .keys()
            .next()
            .and_then(|p| p.parent())
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let registry = &self.ws.settings.for_dir(&dir).registry;
        Ok(registry
            .find(key)
            .map(|r| serde_json::Value::String(crate::rules::docs::markdown(r)))
            .unwrap_or(serde_json::Value::Null))
    }

    fn notification(&mut self, n: Notification) -> Flow {
        let res = match n.method.as_str() {
            "exit" => return Flow::Exit(if self.shutdown { 0 } else { 1 }),
            "initialized" => {
                self.register_watchers();
                Ok(())
            }
            "textDocument/didOpen" => self.did_open(n.params),
            "textDocument/didChange" => self.did_change(n.params),
            "textDocument/didSave" => self.did_save(n.params),
            "textDocument/didClose" => self.did_close(n.params),
            "workspace/didChangeWatchedFiles" => {
                self.ws.settings.clear();
                self.dirty.extend(self.ws.open_dirs());
                Ok(())
            }
            // `$/cancelRequest`, `$/setTrace` and anything unknown: requests
            // are answered in order, so there is nothing to cancel.
            _ => Ok(()),
        };
        if let Err(e) = res {
            self.log(
                lsp_types::MessageType::WARNING,
                &format!("{}: {e}", n.method),
            );
        }
        Flow::Continue
    }

    fn did_open(&mut self, params: serde_json::Value) -> Result<(), String> {
        let p: lsp_types::DidOpenTextDocumentParams = parse(params)?;
        let d = p.text_document;
        let Some(path) = lintable(&d.uri) else {
            return Ok(());
        };
        self.mark_dirty(&path);
        self.ws.docs.insert(
            path,
            Document {
                uri: d.uri,
                text: d.text,
                version: d.version,
            },
        );
        Ok(())
    }

    fn did_change(&mut self, params: serde_json::Value) -> Result<(), String> {
        let p: lsp_types::DidChangeTextDocumentParams = parse(params)?;
        let Some(path) = lintable(&p.text_document.uri) else {
            return Ok(());
        };
        let enc = self.ws.enc;
        let doc = match self.ws.docs.get_mut(&path) {
            Some(doc) => doc,
            None => {
                // A change before `didOpen`: a full text is as good as an
                // open; an edit to text we never saw starts from the disk.
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                self.log(
                    lsp_types::MessageType::WARNING,
                    &format!(
                        "didChange for {} before didOpen",
                        p.text_document.uri.as_str()
                    ),
                );
                self.ws.docs.entry(path.clone()).or_insert(Document {
                    uri: p.text_document.uri.clone(),
                    text,
                    version: 0,
                })
            }
        };
        for c in p.content_changes {
            match c.range {
                None => doc.text = c.text,
                Some(r) => {
                    let idx = LineIndex::new(&doc.text);
                    let start = idx.offset(r.start, enc);
                    let end = idx.offset(r.end, enc).max(start);
                    doc.text.replace_range(start..end, &c.text);
                }
            }
        }
        doc.version = p.text_document.version;
        self.mark_dirty(&path);
        Ok(())
    }

    fn did_save(&mut self, params: serde_json::Value) -> Result<(), String> {
        let p: lsp_types::DidSaveTextDocumentParams = parse(params)?;
        if let Some(path) = convert::uri_to_path(&p.text_document.uri) {
            // A saved config or rule file is re-read by its modification time.
            self.mark_dirty(&path);
            if !workspace::is_lintable(&path) {
                self.dirty.extend(self.ws.open_dirs());
            }
        }
        Ok(())
    }

    fn did_close(&mut self, params: serde_json::Value) -> Result<(), String> {
        let p: lsp_types::DidCloseTextDocumentParams = parse(params)?;
        if let Some(path) = lintable(&p.text_document.uri) {
            // What was on screen may not be on disk: lint what is.
            if self.ws.docs.remove(&path).is_some() {
                self.mark_dirty(&path);
            }
        }
        Ok(())
    }

    fn mark_dirty(&mut self, path: &Path) {
        if let Some(dir) = path.parent() {
            self.dirty.insert(dir.to_path_buf());
        }
    }

    fn lint_dirty(&mut self) {
        let changed = std::mem::take(&mut self.dirty);
        let mut dirs: Vec<PathBuf> = changed.iter().cloned().collect();
        dirs.extend(self.ws.dependents(&changed));
        for dir in dirs {
            let (changed, log) = self.ws.lint_dir(&dir);
            if self.logged.get(&dir) != Some(&log) {
                for m in &log {
                    self.log(lsp_types::MessageType::WARNING, m);
                }
                self.logged.insert(dir, log);
            }
            for file in changed {
                self.publish(&file);
            }
        }
    }

    fn publish(&mut self, file: &Path) {
        let Some((uri, diagnostics)) = self.ws.diagnostics_for(file) else {
            return;
        };
        let params = lsp_types::PublishDiagnosticsParams {
            uri,
            diagnostics,
            version: None,
        };
        self.notify("textDocument/publishDiagnostics", params);
    }

    fn register_watchers(&mut self) {
        if !self.watch {
            return;
        }
        let watchers: Vec<lsp_types::FileSystemWatcher> = ["**/.cxlint.hcl", "**/*.hcl"]
            .iter()
            .map(|g| lsp_types::FileSystemWatcher {
                glob_pattern: lsp_types::GlobPattern::String((*g).into()),
                kind: None,
            })
            .collect();
        let reg = lsp_types::Registration {
            id: "cxlint-watch".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(
                lsp_types::DidChangeWatchedFilesRegistrationOptions { watchers },
            )
            .ok(),
        };
        let req = Request::new(
            RequestId::from("cxlint-register-watchers".to_string()),
            "client/registerCapability".into(),
            lsp_types::RegistrationParams {
                registrations: vec![reg],
            },
        );
        let _ = self.conn.sender.send(req.into());
    }

    fn notify(&self, method: &str, params: impl serde::Serialize) {
        let _ = self
            .conn
            .sender
            .send(Notification::new(method.into(), params).into());
    }

    fn log(&self, typ: lsp_types::MessageType, message: &str) {
        self.notify(
            "window/logMessage",
            lsp_types::LogMessageParams {
                typ,
                message: format!("cxlint: {message}"),
            },
        );
    }
}

fn parse<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> Result<T, String> {
    serde_json::from_value(v).map_err(|e| format!("invalid parameters: {e}"))
}

/// The path of a document the server lints; `None` for other files and schemes.
fn lintable(uri: &lsp_types::Uri) -> Option<PathBuf> {
    convert::uri_to_path(uri).filter(|p| workspace::is_lintable(p))
}
