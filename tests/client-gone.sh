#!/bin/sh
# A client that goes away mid-check: modvetd stops asking upstreams for
# it (source.gone: the connection's socket reads end of file), counts
# what it did not ask (modvet_abandoned_requests_total), keeps serving,
# and caches nothing wrong: the next full check answers exactly what a
# daemon that never saw the abandoned one answers. On the bundled
# example behind a proxy with 700 ms of latency. TAP.
set -u
. "${srcdir:-.}/tests/lib.sh"
mv_setup gone
if ! command -v curl >/dev/null 2>&1; then
	echo "1..0 # SKIP curl not found"; exit 0
fi
data="$srcdir/tests/data"
roots="--root $data/goproxy-aws --root $srcdir/examples/goproxy-pulumi-sdk --root $data/goproxy-deps"
mv_fakeproxy url $roots --latency 700 --log "$work/full.log"
mv_fakeproxy url2 $roots --latency 700 --log "$work/gone.log"
unset MODVET_LOCAL
echo "1..4"
mod="$srcdir/examples/aws-go/go.mod"
untimed() { sed 's/ at [0-9][0-9T:-]*Z)/ at T)/g; s/http:[^ ]*127\.0\.0\.1:[0-9]*/PROXY/g'; }
metric() { curl -s --unix-socket "$1" http://m/metrics | sed -n "s/^$2 //p"; }

GOPROXY="$url" mv_start_daemon a --socket "$work/run/a/s.sock" --cache "$work/a.db" --refresh-interval 0
curl -s -m 120 --unix-socket "$work/run/a/s.sock" --data-binary @"$mod" http://m/v1/check | untimed > "$work/a.json"
full=$(wc -l < "$work/full.log")
GOPROXY="$url2" mv_start_daemon b --socket "$work/run/b/s.sock" --cache "$work/b.db" --refresh-interval 0
curl -s -m 0.3 --unix-socket "$work/run/b/s.sock" --data-binary @"$mod" http://m/v1/check > /dev/null 2>&1
# The handler notices when the first round ends (700 ms): nothing after
# it is asked, neither the next rounds nor what a check asks ahead once
# its lists are in (everything it will ask later, most of a check).
k=0
while [ "$(metric "$work/run/b/s.sock" modvet_abandoned_requests_total)" = 0 ] && [ $k -lt 100 ]; do
	sleep 0.2; k=$((k + 1))
done
sleep 1	# anything still in flight lands in the log
left=$(wc -l < "$work/gone.log")
ab=$(metric "$work/run/b/s.sock" modvet_abandoned_requests_total)
echo "full check: $full requests; abandoned after 0.3 s: $left made, $ab not made" > "$work/out"
grep "went away" "$work/b.log" >> "$work/out"
check "the client gone after 0.3 s, in the first round: $left upstream requests made of the $full a full check makes, $ab not made" \
    '[ "${ab:-0}" -gt 0 ] && [ "$left" -lt $((full / 2)) ] && grep -q "the client went away" "$work/b.log"'
check "the daemon keeps serving (health 200)" \
    '[ "$(curl -s -o /dev/null -w "%{http_code}" --unix-socket "$work/run/b/s.sock" http://m/v1/health)" = 200 ]'
curl -s -m 120 --unix-socket "$work/run/b/s.sock" --data-binary @"$mod" http://m/v1/check | untimed > "$work/b.json"
diff "$work/a.json" "$work/b.json" > "$work/out"
check "the next full check: the same answer as a daemon that never saw the abandoned one" \
    '[ -s "$work/a.json" ] && cmp -s "$work/a.json" "$work/b.json"'
grep -c "not asked: the caller went away" "$work/b.json" > "$work/out"
check "no finding carries the abandoned check's \"not asked\"" \
    '! grep -q "the caller went away" "$work/b.json"'
