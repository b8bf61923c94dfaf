#!/bin/sh
# Seed the fuzz corpora from the repository's fixtures and rule files.
# Corpora (fuzz/corpus/) are generated and gitignored: never commit them.
# Usage: fuzz/seed.sh   (from anywhere)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
corpus="$here/corpus"
mkdir -p "$corpus/hcl_front_end" "$corpus/hcl_parser" "$corpus/json_front_end" "$corpus/evaluator" "$corpus/pipeline"

# copy FILE TARGET...: store FILE under a content-derived name in each corpus.
copy() {
    f=$1
    shift
    name=$(cksum <"$f" | cut -d' ' -f1)
    for t in "$@"; do
        cp "$f" "$corpus/$t/seed-$name"
    done
}

# Fixtures (if the repository has them): HCL and JSON Terraform files.
if [ -d "$root/fixtures" ]; then
    find "$root/fixtures" -type f \( -name '*.tf' -o -name '*.tfvars' -o -name '*.hcl' \) |
        while read -r f; do copy "$f" hcl_front_end hcl_parser evaluator pipeline; done
    find "$root/fixtures" -type f -name '*.json' |
        while read -r f; do copy "$f" json_front_end; done
fi
# Rule files are HCL too (and exercise deep expressions).
for f in "$root"/rules/*.hcl; do
    [ -f "$f" ] && copy "$f" hcl_front_end hcl_parser evaluator
done
# The differential parser suite's inputs (valid and near-miss HCL).
if [ -f "$root/fixtures/parser-diff/cases.jsonl" ] && command -v python3 >/dev/null; then
    python3 - "$root/fixtures/parser-diff/cases.jsonl" "$corpus" <<'PY'
import json, sys, zlib
src, corpus = sys.argv[1], sys.argv[2]
for line in open(src, encoding="utf-8"):
    data = json.loads(line)["input"].encode("utf-8")
    for t in ("hcl_parser", "pipeline"):
        open("%s/%s/diff-%08x" % (corpus, t, zlib.crc32(data)), "wb").write(data)
PY
fi
# Committed regression inputs (crashes found earlier) for every target.
if [ -d "$here/regressions" ]; then
    for f in "$here"/regressions/*; do
        [ -f "$f" ] && copy "$f" hcl_front_end hcl_parser json_front_end evaluator pipeline
    done
fi
# A few small hand-written seeds.
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
cat >"$tmp" <<'TF'
terraform {
  required_providers {
    genesyscloud = {
      source  = "mypurecloud/genesyscloud"
      version = "~> 1.50"
    }
  }
}
variable "names" { default = ["a", "B", "a"] }
locals {
  upper = [for n in distinct(var.names) : upper(n) if n != ""]
  joined = join(",", concat(local.upper, split("-", "x-y")))
  count  = length(toset(var.names)) > 1 ? "many" : "one"
  tpl    = "hello ${local.joined} %{ if true }yes%{ endif }"
}
resource "genesyscloud_oauth_client" "c" {
  for_each = toset(var.names)
  name     = each.key
  roles { role_id = "r" }
}
TF
copy "$tmp" hcl_front_end evaluator pipeline
printf '%s\n' 'x = 1' '#---' 'x = "two"' >"$tmp"
copy "$tmp" pipeline
cat >"$tmp" <<'JSON'
{"resource": {"genesyscloud_oauth_client": {"c": {"name": "${upper(\"x\")}", "roles": [{"role_id": "r"}]}}},
 "variable": {"v": {"default": [1, 2.5, true, null, {"k": "v"}]}}, "//": "comment"}
JSON
copy "$tmp" json_front_end
for t in hcl_front_end json_front_end evaluator pipeline; do
    echo "$t: $(ls "$corpus/$t" | wc -l) seeds"
done
