#!/bin/sh
# Benchmark: the checksum database through this machine's module proxy
# (the real sum.golang.org log), modvet and the go command side by side in
# one run, on 20 real module versions:
#
#   cold: empty caches. modvet proves each go.sum line (lookup + tiles,
#         fetched together); the go command, "go list -m M@V..." with an
#         empty module cache and sumdb state, fetches each .info and .mod
#         and proves each go.mod the same way (so it does more: the ratio
#         is a bound, not a like-for-like).
#   warm: the same again. modvet asks the database nothing (the requests
#         column counts every GET); the go command re-reads its caches.
#
# Usage: bench/sumdb.sh [BUILDDIR]   (run from the source tree)
set -eu
srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir=$(cd "${1:-$srcdir}" && pwd)
. "$srcdir/tests/lib.sh"
mv_setup benchsumdb
export GOPROXY=https://proxy.golang.org GOSUMDB= GONOSUMDB= GOPRIVATE= \
    GOFLAGS= GOTOOLCHAIN=local GOWORK=off GOMODCACHE="$work/gomodcache" \
    GOPATH="$work/gopath" GOCACHE="$work/gocache"
mods="github.com/pulumi/pulumi/sdk/v3@v3.100.0
github.com/pulumi/pulumi-aws/sdk/v6@v6.58.0
github.com/pulumi/pulumi-random/sdk/v4@v4.16.0
github.com/pulumi/pulumi-kubernetes/sdk/v4@v4.18.0
github.com/pulumi/esc@v0.10.0
golang.org/x/mod@v0.20.0
golang.org/x/net@v0.30.0
golang.org/x/sys@v0.26.0
golang.org/x/text@v0.19.0
google.golang.org/grpc@v1.67.1
google.golang.org/protobuf@v1.35.1
github.com/stretchr/testify@v1.9.0
github.com/spf13/cobra@v1.8.1
github.com/hashicorp/hcl/v2@v2.22.0
github.com/go-git/go-git/v5@v5.12.0
github.com/golang/protobuf@v1.5.4
github.com/google/uuid@v1.6.0
github.com/pkg/errors@v0.9.1
gopkg.in/yaml.v3@v3.0.1
github.com/blang/semver@v3.5.1+incompatible"
n=$(echo "$mods" | wc -l)

ms() {
	t0=$(date +%s%N)
	"$@" >"$work/out" 2>&1 || { echo "failed: $*"; tail -5 "$work/out"; exit 1; }
	echo $(( ($(date +%s%N) - t0) / 1000000 ))
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

echo "bench/sumdb: $n module versions, the real checksum database through $GOPROXY"
mvc=$(ms "$MVTOOL" sumdb-lookup $mods)
reqc=$(sed -n 's/^requests \([0-9]*\) bytes \([0-9]*\)/\1 GETs, \2 bytes/p' "$work/out")
mvw=$(ms "$MVTOOL" sumdb-lookup $mods)
reqw=$(sed -n 's/^requests \([0-9]*\) bytes \([0-9]*\)/\1 GETs, \2 bytes/p' "$work/out")
cd "$work"
goc=$(ms go list -m $mods)
gow=$(ms go list -m $mods)
echo "cold  modvet ${mvc} ms (${reqc})   go ${goc} ms   modvet/go $(ratio "$mvc" "$goc")"
echo "warm  modvet ${mvw} ms (${reqw})   go ${gow} ms   modvet/go $(ratio "$mvw" "$gow")"
