#!/usr/bin/env python3
"""Ask Terraform (`terraform console`) what each differential-test case is.

Reads fixtures/eval-diff/cases/*.cases (format: fixtures/eval-diff/README.md)
and writes one JSON line per case to fixtures/eval-diff/expected.jsonl:
  {"id": ..., "outcome": "known", "json": <jsonencode text>, "type": <type()>}
  {"id": ..., "outcome": "error"} | {"id": ..., "outcome": "unknown"}

Usage: scripts/eval-oracle.py [--out FILE] [--check]
  --check  regenerate into a temporary file and fail (exit 1) on any
           difference from the committed expected.jsonl.

Why it works the way it does (Terraform 1.11 facts, verified by hand):
- Non-interactive `terraform console` prints only the LAST result and stops
  at the first error, and it cannot take multi-line input. So every console
  run evaluates ONE line, and a group's cases are batched into one tuple:
  `jsonencode([try(jsonencode(E1), "__E"), ...])`. `try` turns a dynamic
  error into "__E"; a static error (a parse error, an undeclared reference)
  fails the whole run, and then the batch is bisected until the failing case
  stands alone: that case is an error.
- `type()` is console-only and must be the whole line, so types are asked
  for as `type([E1, ...])` and the printed `tuple([...])` is split.
- Sensitive or unknown results print as `(sensitive value)` or
  `(known after apply)`: bisected too, and recorded as unknown.
- Impure functions (`timestamp()`, `uuid()`...) ARE evaluated by the console;
  cases in an `## impure` section are recorded as unknown without asking.
"""
import argparse
import concurrent.futures
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "fixtures" / "eval-diff" / "cases"
EXPECTED = ROOT / "fixtures" / "eval-diff" / "expected.jsonl"
# bufio.Scanner in the console reads lines of at most 64 KiB.
MAX_LINE = 24_000


def parse_cases(path):
    """Groups of one .cases file: [(group_id, files, [(expr, impure)])]."""
    stem = path.stem
    groups = []
    cur = None
    section = None
    file_name = None

    def new_group(name):
        gid = stem if name == "main" else f"{stem}/{name}"
        return {"id": gid, "files": {}, "cases": []}

    for raw in path.read_text(encoding="utf-8").split("\n"):
        if raw.startswith("## "):
            words = raw[3:].strip().split(None, 1)
            kind = words[0] if words else ""
            arg = words[1].strip() if len(words) > 1 else ""
            if kind == "group":
                cur = new_group(arg)
                groups.append(cur)
                section = None
                continue
            if cur is None:
                cur = new_group("main")
                groups.append(cur)
            if kind == "file":
                section, file_name = "file", arg
                cur["files"][arg] = ""
            elif kind in ("exprs", "impure"):
                section = kind
            else:
                sys.exit(f"{path}: unknown section line: {raw}")
            continue
        if section == "file":
            cur["files"][file_name] += raw + "\n"
        elif section in ("exprs", "impure"):
            line = raw.strip()
            if line and not line.startswith("#"):
                cur["cases"].append((line, section == "impure"))
    out = []
    for g in groups:
        # Trailing blank lines between sections are not part of a file.
        files = {k: v.rstrip("\n") + "\n" for k, v in g["files"].items()}
        out.append((g["id"], files, g["cases"]))
    return out


def go_unquote(s):
    """Decode a Go %q string literal as the console prints strings."""
    if len(s) < 2 or s[0] != '"' or s[-1] != '"':
        raise ValueError(f"not a quoted string: {s[:80]!r}")
    s = s[1:-1]
    out, i = [], 0
    simple = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r",
              "t": "\t", "v": "\v", "\\": "\\", '"': '"', "'": "'"}
    while i < len(s):
        c = s[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        e = s[i + 1]
        if e in simple:
            out.append(simple[e])
            i += 2
        elif e in "xuU":
            n = {"x": 2, "u": 4, "U": 8}[e]
            out.append(chr(int(s[i + 2:i + 2 + n], 16)))
            i += 2 + n
        else:
            raise ValueError(f"unknown escape \\{e}")
    return "".join(out)


def console(workdir, line):
    env = dict(os.environ, TF_CLI_CONFIG_FILE="/dev/null", TF_IN_AUTOMATION="1",
               CHECKPOINT_DISABLE="1")
    p = subprocess.run(["terraform", "console", "-no-color"], cwd=workdir, env=env,
                       input=line + "\n", capture_output=True, text=True, timeout=120)
    out = p.stdout
    # A module with errors the console can live with (a self-referencing
    # local) prints them, then this warning, then the result.
    marker = "Warning: Due to the problems above"
    if marker in out:
        out = out.split(marker, 1)[1].split("\n", 1)[-1]
    return p.returncode, out.strip()


OPAQUE = ("(sensitive value)", "(known after apply)")


def ask_json(workdir, exprs):
    """jsonencode text, "__E" (error) or None (unknown) for each expression."""
    if not exprs:
        return []
    items = ", ".join(f'try(jsonencode({e}), "__E")' for e in exprs)
    line = f"jsonencode([{items}])"
    if len(line) <= MAX_LINE:
        rc, out = console(workdir, line)
        if rc == 0 and out not in OPAQUE:
            got = json.loads(go_unquote(out))
            if len(got) == len(exprs):
                return got
        if len(exprs) == 1:
            return ["__E"] if rc != 0 else [None]
    mid = len(exprs) // 2
    return ask_json(workdir, exprs[:mid]) + ask_json(workdir, exprs[mid:])


def split_tuple_type(text):
    """Entries of a printed `tuple([...])`, each dedented as type(E) prints it."""
    lines = text.split("\n")
    if lines == ["tuple([])"]:
        return []
    if lines[0] != "tuple([" or lines[-1] != "])":
        raise ValueError(f"unexpected type output: {text[:200]!r}")
    entries, cur = [], []
    for ln in lines[1:-1]:
        cur.append(ln[4:])
        if ln.startswith("    ") and not ln.startswith("     ") and ln.endswith(","):
            cur[-1] = cur[-1][:-1]
            entries.append("\n".join(cur))
            cur = []
    return entries


def ask_types(workdir, exprs):
    if not exprs:
        return []
    line = "type([" + ", ".join(exprs) + "])"
    if len(line) <= MAX_LINE:
        rc, out = console(workdir, line)
        if rc == 0:
            got = split_tuple_type(out)
            if len(got) == len(exprs):
                return got
        if len(exprs) == 1:
            return [None]
    mid = len(exprs) // 2
    return ask_types(workdir, exprs[:mid]) + ask_types(workdir, exprs[mid:])


def run_group(group):
    gid, files, cases = group
    with tempfile.TemporaryDirectory(prefix="eval-oracle-") as d:
        for name, text in files.items():
            Path(d, name).parent.mkdir(parents=True, exist_ok=True)
            Path(d, name).write_text(text, encoding="utf-8")
        pure = [e for e, impure in cases if not impure]
        jsons = dict(zip(pure, ask_json(d, pure)))
        known = [e for e in pure if jsons[e] not in (None, "__E")]
        types = dict(zip(known, ask_types(d, known)))
    rows = []
    for e, impure in cases:
        cid = f"{gid}: {e}"
        j = None if impure else jsons[e]
        if j is None:
            rows.append({"id": cid, "outcome": "unknown"})
        elif j == "__E" or types.get(e) is None:
            rows.append({"id": cid, "outcome": "error"})
        else:
            rows.append({"id": cid, "outcome": "known", "json": j, "type": types[e]})
    return rows


def all_groups():
    groups = []
    for p in sorted(CASES.glob("*.cases")):
        groups.extend(parse_cases(p))
    seen = set()
    for gid, _, cases in groups:
        for e, _ in cases:
            cid = f"{gid}: {e}"
            if cid in seen:
                sys.exit(f"duplicate case id: {cid}")
            seen.add(cid)
    return groups


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(EXPECTED))
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    groups = all_groups()
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as ex:
        results = list(ex.map(run_group, groups))
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for rows in results for r in rows)
    if args.check:
        old = EXPECTED.read_text(encoding="utf-8") if EXPECTED.exists() else ""
        if old != text:
            with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False,
                                             encoding="utf-8") as f:
                f.write(text)
            subprocess.run(["diff", "-u", str(EXPECTED), f.name])
            os.unlink(f.name)
            sys.exit("expected.jsonl drifted from Terraform: rerun scripts/eval-oracle.py")
        print(f"eval oracle: {text.count(chr(10))} cases agree with {EXPECTED.name}")
        return
    Path(args.out).write_text(text, encoding="utf-8")
    print(f"eval oracle: wrote {text.count(chr(10))} cases to {args.out}")


if __name__ == "__main__":
    main()
