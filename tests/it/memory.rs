//! Peak memory grows with the largest configuration, not with the number of
//! files: syntax trees live only while their configuration is linted.

use std::path::Path;
use std::process::Command;

/// Write `dirs` independent modules of four files each (no findings).
fn tree(root: &Path, dirs: usize) {
    for d in 0..dirs {
        let dir = root.join(format!("team-{d:04}"));
        std::fs::create_dir_all(&dir).unwrap();
        for f in 0..4 {
            let mut text = String::new();
            for r in 0..12 {
                text.push_str(&format!(
                    "resource \"aws_s3_bucket\" \"b{f}_{r}\" {{\n  bucket = \"team-{d}-{f}-{r}\"\n  tags = {{\n    team  = \"t{d}\"\n    owner = local.owner\n    list  = [\"a\", \"b\", \"c\", \"d\"]\n  }}\n}}\n\n"
                ));
            }
            std::fs::write(dir.join(format!("f{f}.tf")), text).unwrap();
        }
    }
}

/// Peak RSS in KiB of `cxlint check DIR`, from `/usr/bin/time -v`.
fn peak_kib(dir: &Path) -> Option<u64> {
    let out = Command::new("/usr/bin/time")
        .arg("-v")
        .arg(env!("CARGO_BIN_EXE_cxlint"))
        .args(["check", "--format", "json"])
        .arg(dir)
        .output()
        .ok()?;
    assert!(
        out.status.code() == Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    err.lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
        .and_then(|v| v.trim().parse().ok())
}

#[test]
#[ignore = "needs GNU time at /usr/bin/time: cargo test -- --ignored (.ci/run installs it)"]
fn peak_memory_does_not_grow_with_the_number_of_files() {
    let small = tempfile::tempdir().unwrap();
    let large = tempfile::tempdir().unwrap();
    tree(small.path(), 150);
    tree(large.path(), 600);
    let (Some(a), Some(b)) = (peak_kib(small.path()), peak_kib(large.path())) else {
        panic!("could not read peak memory from /usr/bin/time -v");
    };
    // 4x the files: with every tree held at once this was about 3.5x the
    // memory; now only the (small) texts grow with the file count.
    assert!(
        (b as f64) < (a as f64) * 1.8,
        "peak RSS {a} KiB for 600 files, {b} KiB for 2,400 files"
    );
    eprintln!("peak RSS: {a} KiB for 600 files, {b} KiB for 2,400 files");
}
