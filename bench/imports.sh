#!/bin/sh
# Benchmark: checking the seed program's imports and symbols
# (SHARED/fixtures/programs/gitops-pipeline/fixed), modvet next to the go
# command, all against this machine's module proxy, in one run:
#
#   modvet check --local, cold (empty cache: the package indexes of
#     pulumi-aws and pulumi sdk/v3 are built from their zips) and warm;
#   go list -deps -e ./... with an empty module cache and again warm;
#   go build ./... with empty module and build caches and again warm.
#
# Usage: bench/imports.sh BUILDDIR [SHARED]
set -eu
srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir=$(cd "${1:?usage: bench/imports.sh BUILDDIR [SHARED]}" && pwd)
MV_SHARED=${2:-$srcdir/../shared}
. "$srcdir/tests/lib.sh"
mv_setup benchimports
export GOPROXY=https://proxy.golang.org GOSUMDB=off GONOSUMDB= GOPRIVATE= \
    GOFLAGS=-mod=mod GOTOOLCHAIN=local GOWORK=off \
    GOMODCACHE="$work/gomodcache" GOPATH="$work/gopath" GOCACHE="$work/gocache"
cp -R "$MV_SHARED/fixtures/programs/gitops-pipeline/fixed" "$work/app"
cp "$work/app/go.mod.tidy" "$work/app/go.mod"
cp "$work/app/go.sum.tidy" "$work/app/go.sum"
cd "$work/app"

ms() {
	t0=$(date +%s%N)
	"$@" >"$work/out" 2>&1 || true
	echo $(( ($(date +%s%N) - t0) / 1000000 ))
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b / a }'; }

mvc=$(ms "$MODVET" --local check)
grep -q "unknown-package\|unknown-symbol" "$work/out" && { echo "modvet found errors"; exit 1; }
mvw=$(ms "$MODVET" --local check)
glc=$(ms go list -deps -e ./...)
glw=$(ms go list -deps -e ./...)
gbc=$(ms go build ./...)
gbw=$(ms go build ./...)
echo "bench/imports: the seed program (fixed/), $GOPROXY"
echo "cold  modvet ${mvc} ms   go list -deps ${glc} ms (x$(ratio "$mvc" "$glc"))   go build ${gbc} ms (x$(ratio "$mvc" "$gbc"))"
echo "warm  modvet ${mvw} ms   go list -deps ${glw} ms (x$(ratio "$mvw" "$glw"))   go build ${gbw} ms (x$(ratio "$mvw" "$gbw"))"
echo "(xN: how many times modvet's time the go command takes)"
