//! End to end in a real editor: Neovim's built-in LSP client runs
//! `cxlint lsp` on a copy of the shipped example, applies the GC001 quick
//! fix and writes the file. Needs `nvim` (0.7 or newer); `.ci/run` installs
//! it, and under `CI=true` a missing `nvim` is a failure, not a skip.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn nvim_version() -> Option<String> {
    let out = Command::new("nvim").arg("--version").output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines().next().map(str::to_string)
}

#[test]
#[ignore = "needs Neovim (apt-get install neovim): cargo test -- --ignored (.ci/run installs it)"]
fn neovim_applies_the_gc001_quick_fix() {
    let version = nvim_version().expect("nvim is not installed (apt-get install neovim)");
    eprintln!("{version}");
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(tmp.path().join(".git")).expect("git");
    let dir = tmp.path().join("partner-analytics");
    std::fs::create_dir(&dir).expect("mkdir");
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    for e in std::fs::read_dir(here.join("examples/partner-analytics"))
        .expect("example")
        .flatten()
    {
        std::fs::copy(e.path(), dir.join(e.file_name())).expect("copy");
    }
    let out = tmp.path().join("result.json");
    let scripts = here.join("tests/it/lsp_neovim");
    let mut child = Command::new("nvim")
        .args(["--headless", "--clean", "-u"])
        .arg(scripts.join("init.lua"))
        .arg("-c")
        .arg(format!("luafile {}", scripts.join("run.lua").display()))
        .env("CXLINT_BIN", env!("CARGO_BIN_EXE_cxlint"))
        .env("CXLINT_ROOT", &dir)
        .env("CXLINT_OUT", &out)
        .env("XDG_STATE_HOME", tmp.path())
        .env("XDG_CACHE_HOME", tmp.path())
        .current_dir(&dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .expect("start nvim");
    let deadline = Instant::now() + Duration::from_secs(180);
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("nvim did not finish within 180 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let text = std::fs::read_to_string(&out).expect("nvim wrote no result");
    let r: serde_json::Value = serde_json::from_str(&text).expect("result JSON");
    assert!(r.get("error").is_none(), "{r}");
    assert_eq!(
        r["action"],
        "GC001: add \"partner:analytics:view\" to `scopes`"
    );
    let before: Vec<&str> = r["before"]
        .as_array()
        .expect("before")
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert_eq!(
        before,
        [
            "GC001@36:2",
            "GC001@58:2",
            "GC002@37:2",
            "GC002@55:0",
            "GC007@55:0",
            "GC012@40:4"
        ],
        "{r}"
    );
    let after: Vec<&str> = r["after"]
        .as_array()
        .expect("after")
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert_eq!(
        after,
        [
            "GC001@58:2",
            "GC002@37:2",
            "GC002@55:0",
            "GC007@55:0",
            "GC012@40:4"
        ],
        "{r}"
    );
    let vars = std::fs::read_to_string(dir.join("variables.tf")).expect("read");
    assert!(
        vars.contains(r#"default     = ["analytics:view", "partner:analytics:view"]"#),
        "{vars}"
    );
}
