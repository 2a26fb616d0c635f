#!/bin/sh
# Benchmark: checking the seed program's imports and symbols
# (SHARED/fixtures/programs/gitops-pipeline/fixed, with its tidy go.mod
# and go.sum), modvet next to the go command, all against the same module
# proxy (UPSTREAM, the real one by default), in one run:
#
#   modvet check through modvetd with an empty cache (cold: the package
#     indexes of pulumi-aws, pulumi sdk/v3 and the rest built, pulumi-aws's
#     by HTTP Range), then warm: repeated (the daemon's memo answers), and
#     unseen (a new daemon on the warm cache: the engine runs); and
#     modvet --local check cold and warm, the engine in the client;
#   go list -deps -e ./... with an empty module cache and again warm;
#   go build ./... with empty module and build caches and again warm;
#   bench/floor, posting the very request modvet sent (bench/relay.py saw
#     it) over the socket and reading the answer: what any client started
#     per check costs at least;
#   /bin/true, the floor of any command started per check.
#
# Every warm figure is the median of RUNS runs, with the slowest beside it.
# Usage: bench/imports.sh BUILDDIR [SHARED]
set -eu
srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir=$(cd "${1:?usage: bench/imports.sh BUILDDIR [SHARED]}" && pwd)
MV_SHARED=${2:-$srcdir/../shared}
. "$srcdir/tests/lib.sh"
mv_setup benchimports
: "${UPSTREAM:=https://proxy.golang.org}" "${RUNS:=10}"
: "${MODVETD:=$builddir/modvetd}"
export GOPROXY="$UPSTREAM" GOSUMDB=off GONOSUMDB= GOPRIVATE= \
    GOFLAGS=-mod=mod GOTOOLCHAIN=local GOWORK=off \
    GOMODCACHE="$work/gomodcache" GOPATH="$work/gopath" GOCACHE="$work/gocache"
unset MODVET_LOCAL
cp -R "$MV_SHARED/fixtures/programs/gitops-pipeline/fixed" "$work/app"
cp "$work/app/go.mod.tidy" "$work/app/go.mod"
cp "$work/app/go.sum.tidy" "$work/app/go.sum"
cd "$work/app"

ms() { "$builddir/bench/stopwatch" "$work/out" "$@"; }
# "median slowest" of the numbers on stdin.
stats() { sort -n | awk '{ v[NR] = $1 } END { printf "%s %s", v[int((NR + 1) / 2)], v[NR] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b / (a > 0 ? a : 1) }'; }
# RUNS timings of a command: "median slowest".
runs() {
	: > "$work/t"
	k=0
	while [ $k -lt "$RUNS" ]; do ms "$@" >> "$work/t"; k=$((k + 1)); done
	stats < "$work/t"
}
sock="$work/run/b/modvetd.sock"
daemon() {
	"$MODVETD" --socket "$sock" --cache "$work/d.db" --refresh-interval 0 \
	    > "$work/d.log" 2>&1 &
	dpid=$!
	mv_pids="$mv_pids $dpid"
	until grep -q "modvetd: ready" "$work/d.log" 2>/dev/null; do sleep 0.05; done
}

daemon
mvc=$(ms "$MODVET" --socket "$sock" check)
grep -q "unknown-package\|unknown-symbol" "$work/out" && { echo "modvet found errors"; cat "$work/out"; exit 1; }
set -- $(runs "$MODVET" --socket "$sock" check); mvw=$1 mvw_max=$2
python3 "$srcdir/bench/relay.py" "$work/relay.sock" "$sock" "$work/req" \
    > "$work/relay.log" &
relay=$!
until grep -q ready "$work/relay.log" 2>/dev/null; do sleep 0.05; done
"$MODVET" --socket "$work/relay.sock" check > /dev/null || true
wait "$relay"
set -- $(runs "$builddir/bench/floor" "$sock" - "$work/req"); fl=$1 fl_max=$2
kill "$dpid"; while kill -0 "$dpid" 2>/dev/null; do sleep 0.05; done
daemon
mvu=$(ms "$MODVET" --socket "$sock" check)
kill "$dpid"
lc=$(MODVET_CACHE="$work/l.db" ms "$MODVET" --local check)
set -- $(MODVET_CACHE="$work/l.db" runs "$MODVET" --local check); lw=$1 lw_max=$2
glc=$(ms go list -deps -e ./...)
set -- $(runs go list -deps -e ./...); glw=$1 glw_max=$2
gbc=$(ms go build ./...)
set -- $(runs go build ./...); gbw=$1 gbw_max=$2
# The least any command costs here: a process that does nothing.
set -- $(runs /bin/true); ft=$1 ft_max=$2
echo "bench/imports: the seed program (fixed/), $GOPROXY, $RUNS warm runs each (median / slowest), ms"
echo "cold  modvet (daemon) $mvc   --local $lc   go list -deps $glc (x$(ratio "$mvc" "$glc"))   go build $gbc (x$(ratio "$mvc" "$gbc"))"
echo "warm  modvet (daemon, repeated) $mvw / $mvw_max   go list -deps $glw / $glw_max (x$(ratio "$mvw" "$glw"))   go build $gbw / $gbw_max (x$(ratio "$mvw" "$gbw"))"
echo "warm  modvet (new daemon, warm cache) $mvu (x$(ratio "$mvu" "$glw") go list)   --local $lw / $lw_max (x$(ratio "$lw" "$glw") go list)"
echo "floor bench/floor (modvet's request, one write) $fl / $fl_max (x$(ratio "$fl" "$glw") go list; modvet/floor $(ratio "$fl" "$mvw"))"
echo "floor /bin/true $ft / $ft_max: a command started per check beats go list -deps by x$(ratio "$ft" "$glw") at most"
echo "(xN: how many times modvet's time the go command takes)"
