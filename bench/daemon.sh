#!/bin/sh
# Benchmarks of modvetd, in one run:
#
#  1. warm "modvet check" of the 248-requirement go.mod of
#     pulumi/pkg/v3 v3.143.0 (less its local replace) through the socket,
#     next to "go list -m -u -json all" with a warm module cache, both
#     against the fake proxy (the dependencies gathered once from the Go
#     module proxy, as bench/check.sh does);
#  2. wrk against the TCP API (with its token) on the versions route and
#     the check route (the Pulumi example): requests/s and p99, with the
#     daemon and wrk pinned to two cores.
#
# Usage: bench/daemon.sh [BUILDDIR]   (needs wrk and taskset)
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
until grep -q "modvetd: ready" "$work/d.log"; do sleep 0.05; done
port=$(sed -n 's/.*and tcp:127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/d.log")

ms() {
	t0=$(date +%s%N)
	"$@" > "$work/out" 2>&1 || true
	echo $(( ($(date +%s%N) - t0) / 1000000 ))
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
cd "$work/m"
"$MODVET" --socket "$sock" check > /dev/null 2>&1 || true	# warm the daemon
go list -m -u -json all > /dev/null 2>&1 || true		# warm the go cache
best_mv=999999; best_go=999999
for i in 1 2 3; do
	t=$(ms "$MODVET" --socket "$sock" check); [ "$t" -lt "$best_mv" ] && best_mv=$t
	t=$(ms go list -m -u -json all); [ "$t" -lt "$best_go" ] && best_go=$t
done
echo "warm check, 248 requirements: modvet via socket ${best_mv} ms, go list -m -u -json all ${best_go} ms, modvet/go $(ratio "$best_mv" "$best_go") (best of 3)"

export MODVET_TOKEN=bench-token-0123456789abcdef
export MODVET_GOMOD="$srcdir/examples/aws-go/go.mod"
"$MODVET" --socket "$sock" check -C "$srcdir/examples/aws-go" > /dev/null 2>&1 || true
for route in versions check; do
	if [ $route = versions ]; then
		target="http://127.0.0.1:$port/v1/modules/github.com/pulumi/pulumi-aws/sdk/v6/versions"
		script="$srcdir/bench/wrk-auth.lua"
	else
		target="http://127.0.0.1:$port/v1/check"
		script="$srcdir/bench/wrk-check.lua"
	fi
	taskset -c 0,1 wrk -t2 -c"$CONNS" -d"${DURATION}s" --latency -s "$script" \
	    "$target" > "$work/wrk" 2>&1
	rps=$(awk '/^Requests\/sec/ { print $2 }' "$work/wrk")
	p99=$(awk '$1 == "99%" { print $2 }' "$work/wrk")
	non2xx=$(awk '/Non-2xx/ { print $NF }' "$work/wrk")
	echo "wrk $route route: ${rps} requests/s, p99 ${p99}, ${CONNS} connections, 2 cores${non2xx:+, non-2xx $non2xx}"
done
