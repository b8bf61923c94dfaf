//! The stdio transport. lsp-server's own ends its reader thread at the
//! first malformed message and allocates whatever `Content-Length` claims;
//! this one skips a bad message (logged on stderr) and refuses absurd sizes,
//! so no input on the wire stops the server.

use std::io::{BufRead, Write};
use std::thread::JoinHandle;

use crossbeam_channel::{bounded, unbounded};
use lsp_server::{Connection, Message};

/// Larger than any document the engine reads (64 MiB) even when every byte
/// is escaped in JSON.
const MAX_MESSAGE_BYTES: usize = 512 * 1024 * 1024;

/// A connection on standard input/output and the writer thread to join
/// (after dropping the connection) so that every answer is flushed.
pub fn connect() -> (Connection, JoinHandle<()>) {
    let (to_writer, writer_rx) = unbounded::<Message>();
    let (reader_tx, from_reader) = bounded::<Message>(0);
    let writer = std::thread::spawn(move || {
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        for m in writer_rx {
            if m.write(&mut out).and_then(|_| out.flush()).is_err() {
                return;
            }
        }
    });
    // Detached: it blocks on standard input, which ends with the process.
    std::thread::spawn(move || {
        let stdin = std::io::stdin();
        let mut input = stdin.lock();
        loop {
            match read_message(&mut input) {
                Ok(None) => return,
                Ok(Some(Ok(m))) => {
                    let exit = matches!(&m, Message::Notification(n) if n.method == "exit");
                    if reader_tx.send(m).is_err() || exit {
                        return;
                    }
                }
                Ok(Some(Err(why))) => eprintln!("cxlint lsp: skipped a message: {why}"),
                Err(e) => {
                    eprintln!("cxlint lsp: cannot read standard input: {e}");
                    return;
                }
            }
        }
    });
    (
        Connection {
            sender: to_writer,
            receiver: from_reader,
        },
        writer,
    )
}

/// One framed message: `None` at the end of input; an inner error for a
/// message that was read but is not usable (the stream stays in step).
pub fn read_message(input: &mut impl BufRead) -> std::io::Result<Option<Result<Message, String>>> {
    let mut size: Option<usize> = None;
    let mut bad_header = None;
    let mut line = Vec::new();
    let mut seen_any = false;
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            return Ok(None);
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if seen_any {
                break;
            }
            // Blank lines between messages: tolerated.
            continue;
        }
        seen_any = true;
        match text.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                match value.trim().parse::<usize>() {
                    Ok(n) if n <= MAX_MESSAGE_BYTES => size = Some(n),
                    _ => bad_header = Some(format!("bad Content-Length `{}`", value.trim())),
                }
            }
            Some(_) => {}
            None => bad_header = Some("a header line without `:`".to_string()),
        }
    }
    let Some(size) = size else {
        return Ok(Some(Err(
            bad_header.unwrap_or_else(|| "no Content-Length".into())
        )));
    };
    let mut body = vec![0; size];
    input.read_exact(&mut body)?;
    if let Some(why) = bad_header {
        return Ok(Some(Err(why)));
    }
    Ok(Some(
        serde_json::from_slice::<Message>(&body).map_err(|e| format!("invalid JSON-RPC: {e}")),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &[u8]) -> Vec<u8> {
        let mut v = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        v.extend_from_slice(body);
        v
    }

    #[test]
    fn bad_messages_are_skipped_and_the_stream_stays_in_step() {
        let mut wire = Vec::new();
        wire.extend(frame(b"{ not json"));
        wire.extend(frame(b"\xff\xfe garbage"));
        wire.extend(b"Content-Length: 99999999999999999999\r\n\r\n");
        wire.extend(frame(br#"{"jsonrpc":"2.0","method":"exit"}"#));
        let mut input = std::io::Cursor::new(wire);
        let mut got = Vec::new();
        while let Some(m) = read_message(&mut input).expect("io") {
            got.push(m.is_ok());
        }
        assert_eq!(got, [false, false, false, true]);
    }
}
