#!/bin/sh
# Benchmarks of modvetd, in one run:
#
#  1. warm "modvet check" of the 248-requirement go.mod of
#     pulumi/pkg/v3 v3.143.0 (less its local replace) through the socket,
#     RUNS times, next to the floor (bench/floor: one write of the go.mod
#     to the socket, one read of the answer, nothing else; asking for the
#     answer modvet prints, ?format=text, and for the API's JSON) and "go
#     list -m -u -json all" with a warm module cache, all against the fake proxy
#     (the dependencies gathered once from the Go module proxy, as
#     bench/check.sh does). Every run counts: median and slowest. Then the
#     daemon's own time (its latency histogram) for a repeated check and
#     for checks it has not seen.
#  2. wrk against the TCP API (with its token) on the versions route and
#     the check route (the Pulumi example), and against nginx serving a
#     static file of the versions answer's size as the ceiling, in the same
#     run: requests/s, p99 and the share of nginx, with the servers and wrk
#     pinned to two cores.
#
# Usage: bench/daemon.sh [BUILDDIR]   (needs wrk, nginx and taskset)
set -eu
srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir=$(cd "${1:-$srcdir}" && pwd)
. "$srcdir/tests/lib.sh"
mv_setup benchd
: "${UPSTREAM:=https://proxy.golang.org}" "${DURATION:=10}" "${CONNS:=16}"
: "${MODVETD:=$builddir/modvetd}"
mv_goenv
unset MODVET_LOCAL
mod="$work/m/go.mod"
mkdir -p "$work/m"
sed '/^replace .* => \.\./d' \
    "$FIXTURE/github.com/pulumi/pulumi/pkg/v3/@v/v3.143.0.mod" > "$mod"

echo "bench/daemon: gathering the dependencies once from $UPSTREAM" >&2
mv_fakeproxy fix0 --root "$FIXTURE"
(cd "$work/m" && GOPROXY="$fix0,$UPSTREAM" GOMODCACHE="$work/prime" \
    go list -m -u -json all > /dev/null 2>&1) || true
(cd "$work/m" && GOPROXY="$fix0,$UPSTREAM" GOMODCACHE="$work/prime" \
    MODVET_LOCAL=1 MODVET_CACHE="$work/prime.db" "$MODVET" check \
    > /dev/null 2>&1) || true
mkdir -p "$work/deps"
(cd "$work/prime/cache/download" && find . \( -name '*.info' -o -name '*.mod' \
    -o -name list \) | while read -r f; do
	mkdir -p "$work/deps/${f%/*}" && cp "$f" "$work/deps/$f"
done)
mv_fakeproxy url --root "$FIXTURE" --root "$work/deps" \
    --root "$srcdir/tests/data/goproxy-aws" --root "$srcdir/tests/data/goproxy-deps"
export GOPROXY="$url"

printf 'bench-token-0123456789abcdef\n' > "$work/token"
chmod 600 "$work/token"
sock="$work/run/b/modvetd.sock"
taskset -c 0,1 "$MODVETD" --socket "$sock" --cache "$work/d.db" \
    --listen 127.0.0.1:0 --token-file "$work/token" --refresh-interval 0 \
    --threads 4 > "$work/d.log" 2>&1 &
mv_pids="$mv_pids $!"
until grep -q "modvetd: ready" "$work/d.log" 2>/dev/null; do sleep 0.05; done
port=$(sed -n 's/.*and tcp:127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/d.log")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / (b > 0 ? b : 1) }'; }
# "median slowest" of the numbers on stdin.
stats() { sort -n | awk '{ v[NR] = $1 } END { printf "%s %s", v[int((NR + 1) / 2)], v[NR] }'; }
# The daemon's latency sum and count for a route, from /metrics.
lat() {
	curl -s --unix-socket "$sock" http://m/metrics | awk -v r="$1" '
	    index($0, "modvet_request_duration_seconds_sum{route=\"" r "\"}") == 1 { s = $2 }
	    index($0, "modvet_request_duration_seconds_count{route=\"" r "\"}") == 1 { c = $2 }
	    END { printf "%s %s", s + 0, c + 0 }'
}
: "${RUNS:=10}"
cd "$work/m"
"$MODVET" --socket "$sock" check > /dev/null 2>&1 || true	# warm the daemon
go list -m -u -json all > /dev/null 2>&1 || true		# warm the go cache
# Milliseconds with a fraction, fork to exit (bench/stopwatch: a "date"
# around the command would add a process as costly as a warm check).
ms() { "$builddir/bench/stopwatch" "$work/out" "$@"; }
"$builddir/bench/floor" "$sock" "/v1/check?format=text" "$mod" > /dev/null
: > "$work/t.mv"; : > "$work/t.floor"; : > "$work/t.floorj"; : > "$work/t.go"
i=0
while [ $i -lt "$RUNS" ]; do
	ms "$MODVET" --socket "$sock" check >> "$work/t.mv"
	ms "$builddir/bench/floor" "$sock" "/v1/check?format=text" "$mod" >> "$work/t.floor"
	ms "$builddir/bench/floor" "$sock" /v1/check "$mod" >> "$work/t.floorj"
	ms go list -m -u -json all >> "$work/t.go"
	i=$((i + 1))
done
set -- $(stats < "$work/t.mv"); mv_med=$1 mv_max=$2
set -- $(stats < "$work/t.floor"); fl_med=$1 fl_max=$2
set -- $(stats < "$work/t.floorj"); fj_med=$1 fj_max=$2
set -- $(stats < "$work/t.go"); go_med=$1 go_max=$2
echo "warm check, 248 requirements, $RUNS runs each (median / slowest, ms):"
echo "  modvet check via socket $mv_med / $mv_max   floor (text) $fl_med / $fl_max   floor (API JSON) $fj_med / $fj_max   go list -m -u -json all $go_med / $go_max"
echo "  modvet/floor $(ratio "$mv_med" "$fl_med") (slowest $(ratio "$mv_max" "$fl_max")), against the JSON floor $(ratio "$mv_med" "$fj_med")   go/modvet $(ratio "$go_med" "$mv_med") (slowest runs $(ratio "$go_max" "$mv_max"))"

# The daemon's own time: repeated (the memo answers), then unseen ones
# (a comment line makes each body new, so the engine runs, warm).
set -- $(lat check); s0=$1 c0=$2
i=0; while [ $i -lt 100 ]; do "$builddir/bench/floor" "$sock" /v1/check "$mod"; i=$((i + 1)); done
set -- $(lat check); s1=$1 c1=$2
i=0
while [ $i -lt 20 ]; do
	{ cat "$mod"; echo "// unseen $i $$"; } > "$work/unseen.mod"
	"$builddir/bench/floor" "$sock" /v1/check "$work/unseen.mod"
	i=$((i + 1))
done
set -- $(lat check); s2=$1 c2=$2
awk -v a="$s0" -v b="$s1" -v n="$((c1 - c0))" -v c="$s2" -v m="$((c2 - c1))" 'BEGIN {
    printf "  daemon time per check (its histogram): repeated %.3f ms (%d checks), unseen %.1f ms (%d checks)\n",
    (b - a) * 1000 / n, n, (c - b) * 1000 / m, m }'

# wrk: nginx's static file as the ceiling, then the two routes.
export MODVET_TOKEN=bench-token-0123456789abcdef
export MODVET_GOMOD="$srcdir/examples/aws-go/go.mod"
"$MODVET" --socket "$sock" check -C "$srcdir/examples/aws-go" > /dev/null 2>&1 || true
versions="http://127.0.0.1:$port/v1/modules/github.com/pulumi/pulumi-aws/sdk/v6/versions"
curl -s -H "Authorization: Bearer $MODVET_TOKEN" "$versions" > "$work/versions.json"
mkdir -p "$work/www"
cp "$work/versions.json" "$work/www/versions.json"
nport=$(( 20000 + $$ % 20000 ))
{
	echo "worker_processes 2;"
	echo "pid $work/nginx.pid;"
	echo "error_log $work/nginx.err;"
	echo "events { worker_connections 1024; }"
	echo "http { access_log off; server { listen 127.0.0.1:$nport; root $work/www; } }"
} > "$work/nginx.conf"
run_wrk() { # url [script]: "rps p99 non2xx"
	taskset -c 0,1 wrk -t2 -c"$CONNS" -d"${DURATION}s" --latency \
	    ${2:+-s "$2"} "$1" > "$work/wrk" 2>&1
	rps=$(awk '/^Requests\/sec/ { print $2 }' "$work/wrk")
	p99=$(awk '$1 == "99%" { print $2 }' "$work/wrk")
	non2xx=$(awk '/Non-2xx/ { print $NF }' "$work/wrk")
	echo "${rps:-0} ${p99:-?} ${non2xx:-0}"
}
ceiling=""
if command -v nginx >/dev/null 2>&1 &&
    taskset -c 0,1 nginx -c "$work/nginx.conf" 2>/dev/null; then
	set -- $(run_wrk "http://127.0.0.1:$nport/versions.json")
	ceiling=$1
	echo "wrk nginx, a static file of $(wc -c < "$work/versions.json") bytes: $1 requests/s, p99 $2, $CONNS connections, 2 cores"
	kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
else
	echo "wrk nginx: not run (nginx not found or did not start)"
fi
for route in versions check; do
	if [ $route = versions ]; then
		set -- $(run_wrk "$versions" "$srcdir/bench/wrk-auth.lua")
	else
		set -- $(run_wrk "http://127.0.0.1:$port/v1/check" "$srcdir/bench/wrk-check.lua")
	fi
	share=""
	[ -n "$ceiling" ] && share=", $(awk -v a="$1" -v b="$ceiling" 'BEGIN { printf "%.1f", 100 * a / b }')% of nginx"
	echo "wrk $route route: $1 requests/s, p99 $2, $CONNS connections, 2 cores$share, non-2xx $3"
done
