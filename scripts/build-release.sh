#!/usr/bin/env bash
# Build the release binary as it is measured and shipped, and print its path.
#
# On Linux with glibc it is linked statically as a position-independent
# executable (static-pie): no dynamic loader work and no shared libraries to
# map at start (a one-file run starts about 0.4 ms sooner), and address-space
# randomization is kept. Only the binary is built this way (`cargo rustc`
# passes the flag to the final crate; std and libc choose static linking at
# link time), so no separate target directory is needed. Elsewhere, or if
# the static link fails (no libc.a), it is a plain `cargo build --release`.
# `cargo install --path .` always builds the dynamic binary.
set -euo pipefail
cd "$(dirname "$0")/.."
host="$(rustc -vV | sed -n 's/^host: //p')"
case "$host" in
  *-linux-gnu*)
    if ! cargo rustc --release --quiet --bin cxlint -- -C target-feature=+crt-static; then
      echo "build-release: the static link failed; building the dynamic binary" >&2
      cargo build --release --quiet
    fi
    ;;
  *) cargo build --release --quiet ;;
esac
echo "${CARGO_TARGET_DIR:-$PWD/target}/release/cxlint"
