#!/usr/bin/env python3
"""Parser conformance: cxlint's verdict (parses / CX001) against HashiCorp's parser.

For every `.tf` and `.tfvars` file under the corpus directories, ask HashiCorp's
HCL parser (through pygohcl, hcl v2 `hclparse.ParseHCL`) whether it parses, and
compare with the set of files for which `cxlint check DIR --format json` reports
CX001. `.tf.json`/`.tfvars.json` files are checked against Python's JSON parser.

Setup (outside the repository):
    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install pygohcl
Run:
    /tmp/venv/bin/python scripts/conformance.py ../shared/corpus \
        --cxlint target/debug/cxlint [--write tests/conformance-exceptions.txt]

Prints agree/disagree counts and each disagreeing file. With --write, records
every file cxlint rejects with CX001 (paths relative to the corpus root), with
HashiCorp's verdict and a reason; tests/corpus.rs asserts that the CX001 set of
a corpus run equals that list.
"""

import argparse
import json
import os
import subprocess
import sys
import time

SUBDIRS = ["genesys", "public"]
HCL_SUFFIXES = (".tf", ".tfvars")
JSON_SUFFIXES = (".tf.json", ".tfvars.json")


def walk(root):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in (".terraform", ".git"))
        for f in sorted(filenames):
            yield os.path.join(dirpath, f)


def hashicorp_verdict(path):
    """'accepts' or 'rejects: <first error line>' for a native-syntax file."""
    import pygohcl

    with open(path, "rb") as fh:
        data = fh.read()
    try:
        pygohcl.loadb(data)
        return "accepts", ""
    except pygohcl.HCLParseError as e:
        msg = str(e)
        if msg.startswith("invalid HCL"):
            return "rejects", msg.splitlines()[0][:160]
        # Parsed, but pygohcl could not convert the body to JSON: not a syntax error.
        return "accepts", ""
    except Exception:  # noqa: BLE001 - conversion problems are not syntax errors
        return "accepts", ""


def json_verdict(path):
    with open(path, "rb") as fh:
        data = fh.read()
    try:
        json.loads(data.decode("utf-8"))
        return "accepts", ""
    except (ValueError, UnicodeDecodeError) as e:
        return "rejects", str(e)[:120]


def cxlint_cx001(cxlint, corpus, sub):
    """{relative path: message} for the CX001 diagnostics of one run."""
    t = time.time()
    p = subprocess.run(
        [cxlint, "check", sub, "--format", "json", "--color", "never"],
        cwd=corpus,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if p.returncode not in (0, 1):
        print(f"warning: cxlint exit {p.returncode} on {sub}: {p.stderr[:500]}", file=sys.stderr)
    report = json.loads(p.stdout)
    print(f"cxlint {sub}: {report['summary']['files']} files in {time.time() - t:.1f} s", file=sys.stderr)
    return {d["file"]: d["message"] for d in report["diagnostics"] if d["code"] == "CX001"}


def reason(path, hc, hc_msg, cx_msg):
    if hc == "rejects" and path.endswith(JSON_SUFFIXES):
        return f"invalid in both; Python json: {hc_msg}"
    if hc == "rejects":
        return f"invalid in both; HashiCorp: {hc_msg}"
    if "redefined object key" in cx_msg or "unique object key" in cx_msg:
        return "hcl-edit gap: duplicate object key (Terraform accepts it; the last value wins)"
    if path.endswith("caf-enterprise-scale/modules/connectivity/locals.tf"):
        return "hcl-edit gap: newline after a binary operator inside an object `for` expression"
    return f"DISAGREEMENT, unexplained: cxlint says {cx_msg}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="?", default=os.environ.get("CXLINT_CORPUS"))
    ap.add_argument("--cxlint", default="target/debug/cxlint")
    ap.add_argument("--write", metavar="FILE", help="write the CX001 exceptions list")
    args = ap.parse_args()
    if not args.corpus:
        ap.error("give the corpus directory or set CXLINT_CORPUS")
    corpus = os.path.abspath(args.corpus)
    cxlint = os.path.abspath(args.cxlint)

    cx001 = {}
    verdicts = {}  # rel path -> (hashicorp verdict, message)
    t = time.time()
    for sub in SUBDIRS:
        if not os.path.isdir(os.path.join(corpus, sub)):
            continue
        cx001.update(cxlint_cx001(cxlint, corpus, sub))
        for path in walk(os.path.join(corpus, sub)):
            rel = os.path.relpath(path, corpus)
            if path.endswith(JSON_SUFFIXES):
                verdicts[rel] = json_verdict(path)
            elif path.endswith(HCL_SUFFIXES):
                verdicts[rel] = hashicorp_verdict(path)
    print(f"compared {len(verdicts)} files in {time.time() - t:.1f} s", file=sys.stderr)

    agree = disagree = 0
    rows = []
    disagreements = []
    for rel, (hc, hc_msg) in sorted(verdicts.items()):
        cx_rejects = rel in cx001
        if cx_rejects == (hc == "rejects"):
            agree += 1
        else:
            disagree += 1
            disagreements.append((rel, "CX001" if cx_rejects else "parses", hc, cx001.get(rel, hc_msg)))
        if cx_rejects:
            rows.append((rel, "CX001", hc, reason(rel, hc, hc_msg, cx001[rel])))
    for rel in sorted(set(cx001) - set(verdicts)):
        rows.append((rel, "CX001", "unknown", f"not compared: {cx001[rel]}"))

    native = sum(1 for r in verdicts if r.endswith(HCL_SUFFIXES))
    print(f"files compared: {len(verdicts)} ({native} native HCL, {len(verdicts) - native} JSON)")
    print(f"agree: {agree}")
    print(f"disagree: {disagree}")
    for rel, cx, hc, msg in disagreements:
        print(f"  {rel}\tcxlint={cx}\thashicorp={hc}\t{msg}")

    if args.write:
        with open(args.write, "w") as fh:
            fh.write(
                "# Every corpus file cxlint rejects with CX001 (paths relative to $CXLINT_CORPUS).\n"
                "# Generated by scripts/conformance.py; checked by tests/corpus.rs.\n"
                "# path<TAB>cxlint-verdict<TAB>hashicorp-verdict<TAB>reason\n"
            )
            for row in rows:
                fh.write("\t".join(row) + "\n")
        print(f"wrote {len(rows)} rows to {args.write}", file=sys.stderr)
    unexplained = [r for r in rows if r[3].startswith("DISAGREEMENT")]
    missed = [d for d in disagreements if d[1] == "parses"]
    return 1 if unexplained or missed else 0


if __name__ == "__main__":
    sys.exit(main())
