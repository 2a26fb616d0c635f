#!/bin/sh
# modvetd under load: wrk with 64 connections on the versions route and
# then the check route, each for LOAD_SECONDS (10 in make check, 60 in
# .ci/run), while tests/slowclient holds 500 connections that never finish
# their headers, and a legitimate request is timed every second. Valid
# requests get 2xx only; the legitimate one always answers; RSS and open
# files stay flat (within 10%, with a small floor for noise) from second
# 10 (half-way in a short run) to the end. Loopback only. TAP.
set -u
. "${srcdir:-.}/tests/lib.sh"
mv_setup load
: "${MODVETD:=$builddir/modvetd}" "${LOAD_SECONDS:=10}"
: "${SLOWCLIENT:=$builddir/tests/slowclient}"
if ! command -v wrk >/dev/null 2>&1 || ! command -v curl >/dev/null 2>&1; then
	echo "1..0 # SKIP wrk or curl not found (Debian packages wrk, curl)"; exit 0
fi
data="$srcdir/tests/data"
mv_fakeproxy url --root "$data/goproxy-aws" \
    --root "$srcdir/examples/goproxy-pulumi-sdk" --root "$data/goproxy-deps"
export GOPROXY="$url" GOFLAGS= GOPRIVATE= GONOPROXY=
unset MODVET_LOCAL

printf 'load-token-0123456789abcdef\n' > "$work/token"
chmod 600 "$work/token"
# The slow clients are held for the whole run (request-timeout beyond
# it): closed at the deadline, all 500 would come and go in waves, and
# the open files would measure the waves, not leaks (tests/attack.sh
# tests the deadline itself).
mv_start_daemon d --socket "$work/run/d/s.sock" --cache "$work/d.db" \
    --refresh-interval 0 --listen 127.0.0.1:0 --token-file "$work/token" \
    --request-timeout $((LOAD_SECONDS * 2 + 60))
dpid=$pid
port=$(sed -n 's/.*and tcp:127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/d.log")
export MODVET_TOKEN=load-token-0123456789abcdef
export MODVET_GOMOD="$srcdir/examples/aws-go/go.mod"
versions="http://127.0.0.1:$port/v1/modules/github.com/pulumi/pulumi-aws/sdk/v6/versions"
# Warm both routes.
curl -s -o /dev/null -H "Authorization: Bearer $MODVET_TOKEN" "$versions"
curl -s -o /dev/null -H "Authorization: Bearer $MODVET_TOKEN" \
    --data-binary @"$MODVET_GOMOD" "http://127.0.0.1:$port/v1/check"

rss() { awk '/^VmRSS/ { print $2 }' "/proc/$dpid/status"; }
fds() { ls "/proc/$dpid/fd" | wc -l; }
flat() { # first last: last within 10% of first (4 MB / 16 fds of slack)
	awk -v a="$1" -v b="$2" -v slack="$3" 'BEGIN { exit !(b <= a * 1.10 + slack) }'
}

# Flat from second 10 to the end (from half-way in a short run).
first=10; [ "$LOAD_SECONDS" -lt 20 ] && first=$((LOAD_SECONDS / 2))
echo "1..8"
for route in versions check; do
	"$SLOWCLIENT" "$port" 500 $((LOAD_SECONDS + 5)) > "$work/slow.out" 2>&1 &
	slowpid=$!
	mv_pids="$mv_pids $slowpid"
	sleep 1
	if [ $route = versions ]; then
		wrk -t2 -c64 -d"${LOAD_SECONDS}s" -s "$srcdir/bench/wrk-auth.lua" \
		    "$versions" > "$work/wrk" 2>&1 &
	else
		wrk -t2 -c64 -d"${LOAD_SECONDS}s" -s "$srcdir/bench/wrk-check.lua" \
		    "http://127.0.0.1:$port/v1/check" > "$work/wrk" 2>&1 &
	fi
	wrkpid=$!
	: > "$work/legit"
	t=0; rss0=""; fd0=""
	while [ $t -lt "$LOAD_SECONDS" ]; do
		sleep 1
		t=$((t + 1))
		curl -s -o /dev/null -m 5 -w '%{http_code} %{time_total}\n' \
		    --unix-socket "$work/run/d/s.sock" http://m/v1/health >> "$work/legit"
		if [ "$t" -ge "$first" ] && [ -z "$rss0" ]; then
			rss0=$(rss); fd0=$(fds)
		fi
	done
	rss1=$(rss); fd1=$(fds)
	wait "$wrkpid"
	kill "$slowpid" 2>/dev/null; wait "$slowpid" 2>/dev/null
	rps=$(awk '/^Requests\/sec/ { print $2 }' "$work/wrk")
	total=$(awk '/requests in/ { print $1 }' "$work/wrk")
	non2xx=$(awk '/Non-2xx/ { print $NF }' "$work/wrk")
	errs=$(awk '/Socket errors/ { print }' "$work/wrk")
	legit_bad=$(awk '$1 != 200' "$work/legit" | wc -l)
	legit_max=$(awk '{ if ($2 > m) m = $2 } END { printf "%d", m * 1000 }' "$work/legit")
	cp "$work/wrk" "$work/out"
	check "$route route: $total requests in ${LOAD_SECONDS}s ($rps/s) with 500 slow connections held: 0 non-2xx, no socket errors" \
	    '[ -n "$total" ] && [ -z "$non2xx" ] && [ -z "$errs" ]'
	check "$route route: a health check every second always answered (slowest ${legit_max} ms)" \
	    '[ "$legit_bad" = 0 ] && [ "$(wc -l < "$work/legit")" = "$LOAD_SECONDS" ]'
	if [ "${MV_SANITIZERS:-no}" != no ]; then
		n=$((n + 1)); echo "ok $n # SKIP RSS under a sanitizer grows by its shadow memory and quarantine (${rss0} -> ${rss1} kB)"
	else
		check "$route route: RSS flat (${rss0} -> ${rss1} kB)" 'flat "$rss0" "$rss1" 4096'
	fi
	check "$route route: open files flat (${fd0} -> ${fd1})" 'flat "$fd0" "$fd1" 16'
done
