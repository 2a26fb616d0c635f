#!/bin/sh
# Benchmark: fetching release histories from a module proxy with 50 ms
# of added latency (the fake proxy serving the fixture tree), modvet and
# the go command side by side, both cold (empty caches), in one run.
#
#   pair 1: the version lists of every fixture module (and each latest
#           go.mod, which holds the retractions):
#           modvet's proxy client vs "go list -m -versions M..."
#   pair 2: every .mod of every version (2,400 files): modvet alone, as
#           the go command has no single command for it
#
# Usage: bench/fetch.sh [BUILDDIR]   (run from the source tree)
set -eu
srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir=$(cd "${1:-$srcdir}" && pwd)
. "$srcdir/tests/lib.sh"
mv_setup bench
: "${LATENCY:=50}"
mv_fakeproxy url --root "$FIXTURE" --latency "$LATENCY"
export GOPROXY="$url"
mv_goenv
mods=$(mv_fixture_modules "$FIXTURE")
n=$(echo "$mods" | wc -w)

# Wall time of a command in milliseconds.
ms() {
	t0=$(date +%s%N)
	"$@" >"$work/out" 2>&1 || { echo "failed: $*"; cat "$work/out"; exit 1; }
	echo $(( ($(date +%s%N) - t0) / 1000000 ))
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

echo "bench/fetch: fake proxy with ${LATENCY} ms latency, $n modules, cold caches"
rm -f "$MODVET_CACHE"
mv1=$(ms "$MVTOOL" fetch-all "$FIXTURE" lists)
cd "$work"
go1=$(ms go list -m -versions $mods)
echo "pair 1  version lists      modvet ${mv1} ms   go ${go1} ms   modvet/go $(ratio "$mv1" "$go1")"
rm -f "$MODVET_CACHE"
mv2=$(ms "$MVTOOL" fetch-all "$FIXTURE")
echo "        every .mod          modvet ${mv2} ms   ($(sed -n 1p "$work/out"))"
