#!/bin/sh
# Install Microsoft's SARIF validator (sarif-multitool) into .tools/ and print
# the path of its executable on standard output (npm's output goes to stderr):
#
#   export CXLINT_SARIF_MULTITOOL="$(.ci/install-sarif-multitool.sh)"
#   cargo test sarif -- --ignored
#
# Idempotent: when the pinned version is already installed it only prints.
set -eu

version=5.7.0
root=$(cd "$(dirname "$0")/.." && pwd)
prefix="$root/.tools"

case "$(uname -s)" in
    Linux) platform=linux exe=Sarif.Multitool ;;
    Darwin) platform=darwin exe=Sarif.Multitool ;;
    MINGW* | MSYS* | CYGWIN*) platform=win32 exe=Sarif.Multitool.exe ;;
    *) echo "install-sarif-multitool: unsupported system $(uname -s)" >&2; exit 1 ;;
esac

package="$prefix/node_modules/@microsoft/sarif-multitool-$platform"
tool="$package/$exe"

installed() {
    [ -f "$tool" ] && grep -q "\"version\": *\"$version\"" "$package/package.json" 2>/dev/null
}

if ! installed; then
    npm install --prefix "$prefix" --no-audit --no-fund \
        "@microsoft/sarif-multitool@$version" >&2
    installed || { echo "install-sarif-multitool: $tool missing after npm install" >&2; exit 1; }
fi
# npm may skip the package's postinstall script that marks it executable.
[ -x "$tool" ] || chmod u+x "$tool"
echo "$tool"
