#!/usr/bin/env bash
# Benchmark cxlint against the read floor (cat of every file), terraform fmt and
# checkov, side by side in one run. See docs/performance.md.
#
# usage: scripts/bench.sh [DIR...]
#
# Always benchmarks a generated synthetic tree (scripts/gen-tree.py): a
# "standalone" case (many independent root modules) and a "monorepo" case
# (200 roots each calling the same 40 local modules). Each DIR given is
# benchmarked too.
#
# env:
#   CXLINT=path     the cxlint binary (default: build it with scripts/build-release.sh,
#                   static-pie on Linux with glibc, as released)
#   RUNS=N          timed runs per command (default 10; the best and the median are shown)
#   WORK=dir        where to generate the tree (default: a temp dir, removed at the end)
#   NO_TOOLS=1      skip terraform and checkov even when installed
#
# scripts/bench.sh --lsp [FILE.tf ...] measures the language server instead
# (benches/lsp.rs, in-process, one worker thread): the time from a didChange
# to published diagnostics on the shipped example and on each FILE given
# (edited in memory only), and the resident memory after 100 and after
# 10,000 edits. env: EDITS, MEMORY_EDITS (see benches/lsp.rs).
#
# Uses hyperfine when installed, else runs each command RUNS times itself.
# Figures are wall-clock; on a loaded machine compare the ratios, which are
# taken from the same run, not the absolute times.
set -u -o pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"

if [ "${1:-}" = "--lsp" ]; then
  shift
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  cd "$repo" && exec cargo bench --quiet --bench lsp -- "$@"
fi
RUNS="${RUNS:-10}"

if [ -z "${CXLINT:-}" ]; then
  CXLINT="$("$repo/scripts/build-release.sh")" || { echo "bench: scripts/build-release.sh failed" >&2; exit 2; }
fi
[ -x "$CXLINT" ] || { echo "bench: $CXLINT is not executable" >&2; exit 2; }
echo "binary: $CXLINT ($(file -b "$CXLINT" 2>/dev/null | grep -o 'static-pie linked\|statically linked\|dynamically linked' || echo 'linking unknown'))"

own_work=0
if [ -z "${WORK:-}" ]; then
  WORK="$(mktemp -d)"; own_work=1
fi
trap '[ "$own_work" = 1 ] && rm -rf "$WORK"' EXIT
mkdir -p "$WORK"
# Run a copy, as `cargo install` or a package would place it: the binary
# the linker wrote in many small pieces takes about 50 more page faults to
# start (0.3-0.4 ms a run on this machine) than the same bytes copied.
cp "$CXLINT" "$WORK/cxlint" && CXLINT="$WORK/cxlint"

have() { command -v "$1" >/dev/null 2>&1; }
TF=""; CHECKOV=""
if [ -z "${NO_TOOLS:-}" ]; then
  have terraform && TF="$(command -v terraform)"
  have checkov && CHECKOV="$(cd "$(dirname "$0")/../.." && pwd)/shared/bench/checkov/run.sh"
  [ -n "$CHECKOV" ] && [ ! -x "$CHECKOV" ] && CHECKOV=""
fi
# terraform warns on stderr when ~/.terraformrc is missing; point it at an empty one.
export TF_CLI_CONFIG_FILE="$WORK/terraformrc"; : > "$TF_CLI_CONFIG_FILE"

# The files cxlint reads (it never enters .terraform/ or .git/).
list_files() {
  find "$1" \( -name .terraform -o -name .git \) -prune -o -type f \
    \( -name '*.tf' -o -name '*.tf.json' -o -name '*.tfvars' -o -name '*.tfvars.json' \
       -o -name '.terraform.lock.hcl' \) -print0
}

# time_cmd NAME CMD: prints "best median" in seconds; commands run via bash -c.
time_cmd() {
  local cmd="$2"
  if have hyperfine; then
    local json="$WORK/hf.json"
    # Plain commands run without a shell (hyperfine -N), so a few
    # milliseconds of bash start-up do not swamp the one-file case; pipelines
    # and redirections go through bash.
    local run="$cmd"
    case "$cmd" in
      *'|'* | *'>'* | *'<'* | *';'* | *'&'*) run="bash -c '$cmd'" ;;
    esac
    hyperfine --style none --warmup 2 --runs "$RUNS" -N --ignore-failure \
      --export-json "$json" "$run" >/dev/null 2>&1 \
      || hyperfine --style none --warmup 2 --runs "$RUNS" --ignore-failure \
           --export-json "$json" "$cmd" >/dev/null 2>&1
    python3 -c 'import json,sys,statistics as s; t=json.load(open(sys.argv[1]))["results"][0]["times"]; print("%.6f %.6f" % (min(t), s.median(t)))' "$json"
  else
    local ts=() i
    bash -c "$cmd" >/dev/null 2>&1
    for ((i = 0; i < RUNS; i++)); do
      local a b
      a=$(date +%s.%N); bash -c "$cmd" >/dev/null 2>&1; b=$(date +%s.%N)
      ts+=("$(echo "$b - $a" | bc -l)")
    done
    printf '%s\n' "${ts[@]}" | python3 -c 'import sys,statistics as s; t=[float(x) for x in sys.stdin]; print("%.6f %.6f" % (min(t), s.median(t)))'
  fi
}

# Peak resident memory (MiB) of one run.
peak_mib() {
  /usr/bin/time -v bash -c "$1" 2>&1 >/dev/null | awk -F: '/Maximum resident/ {printf "%.1f", $2/1024}'
}

declare -A BEST
row() { # row NAME CMD
  local r; r=$(time_cmd "$1" "$2")
  BEST[$1]=${r%% *}
  printf '  %-28s best %8.1f ms   median %8.1f ms\n' "$1" \
    "$(echo "${r%% *} * 1000" | bc -l)" "$(echo "${r##* } * 1000" | bc -l)"
}
ratio() { # ratio A B: A/B from the best times
  python3 -c 'import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); print("%.2f" % (a/b) if b>0 else "n/a")' "${BEST[$1]}" "${BEST[$2]}"
}

bench_dir() {
  local dir="$1" label="$2"
  local nfiles bytes
  nfiles=$(list_files "$dir" | tr -cd '\0' | wc -c)
  bytes=$(list_files "$dir" | xargs -0 cat | wc -c)
  echo
  echo "== $label: $dir ($nfiles files, $(python3 -c "print('%.1f' % ($bytes/1048576))") MiB)"
  BEST=()
  row read-floor "find '$dir' \( -name .terraform -o -name .git \) -prune -o -type f \( -name '*.tf' -o -name '*.tf.json' -o -name '*.tfvars' -o -name '*.tfvars.json' -o -name .terraform.lock.hcl \) -print0 | xargs -0 cat > /dev/null"
  row cxlint "'$CXLINT' check '$dir' --format json"
  row "cxlint -j 1" "'$CXLINT' check '$dir' --format json -j 1"
  row "cxlint -j 2" "'$CXLINT' check '$dir' --format json -j 2"
  [ -n "$TF" ] && row "terraform fmt -recursive" "'$TF' fmt -check -recursive '$dir'"
  if [ -n "$CHECKOV" ]; then
    local saved=$RUNS; RUNS=3
    row checkov "'$CHECKOV' '$dir'"
    RUNS=$saved
  fi
  local t=${BEST[cxlint]}
  echo "  throughput: $(python3 -c "print('%.0f files/s, %.1f MiB/s' % ($nfiles/$t, $bytes/1048576/$t))")"
  echo "  peak memory (max RSS): $(peak_mib "'$CXLINT' check '$dir' --format json") MiB"
  "$CXLINT" check "$dir" --format json --stats 2>"$WORK/stats" >/dev/null
  echo "  $(cat "$WORK/stats")"
  local inst
  inst=$(sed -n 's/.* \([0-9]*\) module instances.*/\1/p' "$WORK/stats")
  echo "  module instances/s: $(python3 -c "print('%.0f' % ($inst/$t))")"
  echo "  ratios (best of $RUNS):"
  echo "    cxlint / read floor        = $(ratio cxlint read-floor)"
  echo "    -j 1 / -j 2 (speed-up)     = $(ratio 'cxlint -j 1' 'cxlint -j 2')"
  [ -n "$TF" ] && echo "    terraform fmt / cxlint     = $(ratio 'terraform fmt -recursive' cxlint)"
  [ -n "$CHECKOV" ] && echo "    checkov / cxlint           = $(ratio checkov cxlint)"
  return 0
}

one_file() {
  local file="$1"
  echo
  echo "== one file (pre-commit case): $file"
  BEST=()
  row true "true"
  row "cat FILE" "cat '$file'"
  row "cxlint FILE" "'$CXLINT' check '$file' --format json"
  [ -n "$TF" ] && row "terraform fmt FILE" "'$TF' fmt -check '$file'"
  echo "  ratios (best of $RUNS):"
  echo "    cxlint FILE / true         = $(ratio 'cxlint FILE' true)"
  echo "    cxlint FILE / cat FILE     = $(ratio 'cxlint FILE' 'cat FILE')"
  [ -n "$TF" ] && echo "    terraform fmt / cxlint     = $(ratio 'terraform fmt FILE' 'cxlint FILE')"
  return 0
}

echo "cxlint benchmark — $(date -u +%Y-%m-%dT%H:%MZ)"
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "cxlint: $CXLINT ($("$CXLINT" --version 2>/dev/null))"
echo "terraform: ${TF:-not installed}   checkov: ${CHECKOV:+$(checkov --version 2>/dev/null)}${CHECKOV:-not installed}   hyperfine: $(have hyperfine && echo yes || echo no)"

python3 "$here/gen-tree.py" "$WORK/tree"
bench_dir "$WORK/tree/standalone" "synthetic: standalone modules"
bench_dir "$WORK/tree/monorepo" "synthetic: monorepo (roots x shared local modules)"
one_file "$(find "$WORK/tree/standalone" -name main.tf | sort | head -1)"
for d in "$@"; do
  if [ -d "$d" ]; then
    bench_dir "$(cd "$d" && pwd)" "given directory"
  else
    echo "bench: $d is not a directory; skipped" >&2
  fi
done
