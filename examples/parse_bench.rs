//! Parser-only measurement: parses every `.tf`/`.tfvars` file under a
//! directory N times on one core and prints MB/s (no linting, no I/O in the
//! timed loop). `--verdicts FILE.jsonl` instead prints, for each line
//! `{"input": ..., "ok": bool}`, the cases where our verdict differs (used to
//! explore beyond the committed differential suite).
//!
//!     cargo run --release --example parse_bench -- /work/shared/corpus 5

use std::time::Instant;

#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--verdicts") {
        verdicts(args.get(1).map(String::as_str).unwrap_or("-"));
        return;
    }
    let dir = args.first().cloned().unwrap_or_else(|| ".".into());
    let rounds: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(5);
    let mut texts = Vec::new();
    for e in walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        let name = e.file_name().to_string_lossy();
        if e.file_type().is_file() && (name.ends_with(".tf") || name.ends_with(".tfvars")) {
            if let Ok(t) = std::fs::read_to_string(e.path()) {
                texts.push(t);
            }
        }
    }
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut errors = 0;
    let cpu0 = cpu_ns();
    let start = Instant::now();
    for _ in 0..rounds {
        errors = 0;
        for t in &texts {
            if cxlint::parse::hcl::parse(t).is_err() {
                errors += 1;
            }
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let cpu = cpu_ns().zip(cpu0).map(|(b, a)| (b - a) as f64 / 1e9);
    let mb = (bytes * rounds) as f64 / 1e6;
    println!(
        "{} files, {:.1} MB, {rounds} rounds, {errors} with syntax errors: {:.3} s wall, {:.0} MB/s wall",
        texts.len(),
        bytes as f64 / 1e6,
        secs,
        mb / secs
    );
    if let Some(cpu) = cpu {
        println!(
            "on-CPU time of the parsing thread: {cpu:.3} s, {:.0} MB/s per core",
            mb / cpu
        );
    }
}

/// Nanoseconds this thread has run on a CPU (Linux): the machine is shared,
/// so wall time overstates the parser's cost.
fn cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

fn verdicts(path: &str) {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let (mut n, mut wrong) = (0, 0);
    for line in text.lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let (Some(input), Some(ok)) = (v["input"].as_str(), v["ok"].as_bool()) else {
            continue;
        };
        n += 1;
        let got = cxlint::parse::hcl::parse(input);
        if got.is_ok() != ok {
            wrong += 1;
            println!(
                "HashiCorp ok={ok}, ours {:?}: {input:?}",
                got.err().map(|e| e.message)
            );
        }
    }
    println!("{n} cases, {wrong} disagree");
}
