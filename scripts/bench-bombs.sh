#!/usr/bin/env bash
# Non-evaluator resource bombs (issue 14): each is generated in a temporary
# directory from a few hundred bytes and linted once under `/usr/bin/time -v`;
# prints wall time, peak RSS, exit code and the diagnostic that names the
# limit. Every case must end in under 2 s with under 256 MiB. See
# docs/performance.md ("Hostile repositories").
#
# usage: scripts/bench-bombs.sh
# env:   CXLINT=path  the cxlint binary (default: cargo build --release)
set -u -o pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
if [ -z "${CXLINT:-}" ]; then
  (cd "$repo" && cargo build --release --quiet) || { echo "bench-bombs: build failed" >&2; exit 2; }
  CXLINT="${CARGO_TARGET_DIR:-$repo/target}/release/cxlint"
fi
[ -x /usr/bin/time ] || { echo "bench-bombs: /usr/bin/time (GNU time) is required" >&2; exit 2; }
WORK="$(mktemp -d)"
trap 'chmod -R u+w "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT

ok_file() { mkdir -p "$1/ok"; printf 'provider "genesyscloud" {\n  sdk_debug = true\n}\n' > "$1/ok/main.tf"; }

gen_count_chain() {
  for i in 0 1 2 3 4 5; do
    mkdir -p "$1/m$i"
    if [ "$i" -lt 5 ]; then
      printf 'module "c" {\n  source = "../m%d"\n  count  = 64\n}\n' $((i + 1)) > "$1/m$i/main.tf"
    fi
    printf 'resource "genesyscloud_oauth_client" "c" {\n  name   = "x"\n  scopes = ["analytics"]\n}\n' >> "$1/m$i/main.tf"
  done
}
gen_dot_links() {
  mkdir -p "$1/h"; ln -s . "$1/h/a"; ln -s . "$1/h/b"
  printf 'module "a" {\n  source = "./a"\n}\nmodule "b" {\n  source = "./b"\n}\n' > "$1/h/main.tf"
}
gen_devices() {
  mkdir -p "$1/h"
  ln -s /dev/zero "$1/h/zero.tf"; ln -s /proc/self/pagemap "$1/h/pagemap.tf"
  ln -s /proc/self/environ "$1/h/environ.tf"; mkfifo "$1/h/fifo.tf"
}
gen_rules_fifo() { mkdir -p "$1/rules"; mkfifo "$1/rules/r.hcl"; ln -s /dev/zero "$1/rules/z.hcl"; }
gen_config_fifo() { mkfifo "$1/.cxlint.hcl"; }
gen_deep_chain() {
  for i in $(seq 0 69); do
    mkdir -p "$1/d$i"
    if [ "$i" -lt 69 ]; then printf 'module "n" {\n  source = "../d%d"\n}\n' $((i + 1)) > "$1/d$i/main.tf"
    else printf 'locals {}\n' > "$1/d$i/main.tf"; fi
  done
}

# name | generator | extra args | stdin
cases=(
  "count=64 through 6 modules|gen_count_chain||"
  "two symlinks to . as module sources|gen_dot_links||"
  "/dev/zero, /proc/self/pagemap, environ, FIFO as .tf|gen_devices||"
  "rules dir with a FIFO and /dev/zero|gen_rules_fifo|--rules rules|"
  ".cxlint.hcl is a FIFO|gen_config_fifo||"
  "70-deep module chain|gen_deep_chain||"
  "-j 100000|:|-j 100000|"
  "/dev/zero on stdin|:|--stdin-filename x.tf -|/dev/zero"
)

printf '| case | wall | peak RSS | exit | limit diagnostic |\n|---|---:|---:|---:|---|\n'
for c in "${cases[@]}"; do
  IFS='|' read -r name gen args stdin <<<"$c"
  dir="$WORK/$(echo "$name" | tr -c 'a-z0-9' '_')"
  mkdir -p "$dir"; ok_file "$dir"; $gen "$dir"
  path="."; [ -n "$stdin" ] && path=""
  in="${stdin:-/dev/null}"
  # shellcheck disable=SC2086
  (cd "$dir" && timeout 60 /usr/bin/time -v "$CXLINT" check $path $args --format compact \
      <"$in" >"$WORK/out" 2>"$WORK/err")
  code=$?
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$WORK/err")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$WORK/err")
  diag=$(grep -hoE '(CX00[258]|cxlint: error).{0,70}' "$WORK/out" "$WORK/err" | head -1)
  printf '| %s | %s | %s MiB | %s | %s |\n' "$name" "$wall" "$(( ${rss:-0} / 1024 ))" "$code" "$diag"
done
