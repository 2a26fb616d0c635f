#!/bin/sh
# Benchmark: modvetd's memory with 10,000 versions cached, idle and under
# load. A fake proxy serves 100 modules of 100 versions each (.info, .mod
# and list: made here); the daemon's cache learns all of them through the
# versions route, then the daemon's resident memory (VmRSS, and its peak,
# VmHWM) is read: idle, then during DURATION seconds of wrk (16
# connections) on the versions route of all 100 modules and the check
# route, then idle again. The target (the speed issue) is 30 MB.
#
# Usage: bench/rss.sh [BUILDDIR]   (needs wrk)
set -eu
srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir=$(cd "${1:-$srcdir}" && pwd)
. "$srcdir/tests/lib.sh"
mv_setup benchrss
: "${DURATION:=20}" "${MODVETD:=$builddir/modvetd}"
unset MODVET_LOCAL
export GOFLAGS= GONOPROXY= GOPRIVATE= GONOSUMDB= GOSUMDB=off

echo "bench/rss: making 100 modules of 100 versions" >&2
python3 - "$work/proxy" <<'PY'
import os, sys
root = sys.argv[1]
for m in range(100):
    path = "example.com/rss/m%03d" % m
    d = os.path.join(root, path, "@v")
    os.makedirs(d)
    vs = ["v1.%d.%d" % (a, b) for a in range(10) for b in range(10)]
    with open(os.path.join(d, "list"), "w") as f:
        f.write("\n".join(vs) + "\n")
    for k, v in enumerate(vs):
        with open(os.path.join(d, v + ".info"), "w") as f:
            f.write('{"Version":"%s","Time":"2024-01-%02dT00:00:00Z"}' % (v, 1 + k % 28))
        with open(os.path.join(d, v + ".mod"), "w") as f:
            f.write("module %s\n\ngo 1.21\n" % path)
PY
mv_fakeproxy url --root "$work/proxy" --root "$srcdir/tests/data/goproxy-aws" \
    --root "$srcdir/examples/goproxy-pulumi-sdk" --root "$srcdir/tests/data/goproxy-deps"
export GOPROXY="$url"
printf 'bench-token-0123456789abcdef\n' > "$work/token"
chmod 600 "$work/token"
mv_start_daemon d --socket "$work/run/d.sock" --cache "$work/d.db" \
    --listen 127.0.0.1:0 --token-file "$work/token" --refresh-interval 0
dpid=$pid
port=$(sed -n 's/.*and tcp:127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/d.log")
rss() { sed -n "s/^$1:[[:space:]]*\([0-9]*\).*/\1/p" "/proc/$dpid/status"; }

start=$(rss VmRSS)
m=0
while [ $m -lt 100 ]; do
	curl -s -o /dev/null --unix-socket "$work/run/d.sock" \
	    "http://m/v1/modules/example.com/rss/m$(printf %03d $m)/versions"
	m=$((m + 1))
done
cached=$(sqlite3 "$work/d.db" "select count(*) from version" 2>/dev/null || echo "?")
sleep 1
idle=$(rss VmRSS)

cat > "$work/paths.lua" <<'LUA'
local n = 0
request = function()
	n = n + 1
	return wrk.format("GET", string.format(
	    "/v1/modules/example.com/rss/m%03d/versions", n % 100),
	    { ["Authorization"] = "Bearer bench-token-0123456789abcdef" })
end
LUA
# wrk with the rest of the arguments for DURATION, its output in
# $work/$1; prints the daemon's VmRSS halfway through.
under_load() {
	out=$1; shift
	wrk -t 2 -c 16 -d "${DURATION}s" "$@" > "$work/$out" 2>&1 &
	wpid=$!
	sleep $((DURATION / 2))
	rss VmRSS
	wait "$wpid"
}
load1=$(under_load wrk1.out -s "$work/paths.lua" "http://127.0.0.1:$port")
export MODVET_TOKEN=bench-token-0123456789abcdef
export MODVET_GOMOD="$srcdir/examples/aws-go/go.mod"
load2=$(under_load wrk2.out -s "$srcdir/bench/wrk-check.lua" \
    "http://127.0.0.1:$port/v1/check")
sleep 1
after=$(rss VmRSS)
peak=$(rss VmHWM)
r1=$(sed -n 's/^Requests\/sec:[[:space:]]*//p' "$work/wrk1.out")
r2=$(sed -n 's/^Requests\/sec:[[:space:]]*//p' "$work/wrk2.out")
echo "bench/rss: $cached versions cached (100 modules); resident memory, kB:"
echo "  at start $start   idle, all cached $idle   under load: versions ($r1 req/s) $load1, check ($r2 req/s) $load2   idle after $after   peak $peak"
