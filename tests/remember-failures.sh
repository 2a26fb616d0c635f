#!/bin/sh
# Upstream failures remembered (engine/source.c): a list or version
# nothing else is known of, that every upstream failed to give (403 here,
# as this machine's proxy refuses some modules), is not asked for again
# for failure-ttl seconds, and is still told as a failure, with when it
# was seen, never as "no such version"; in-process and through modvetd,
# the same findings. With the time passed the upstreams are asked again.
# On the scenario modules (tests/scenarios). TAP.
set -u
. "${srcdir:-.}/tests/lib.sh"
mv_setup remember
sdir="$srcdir/tests/scenarios"
sh "$sdir/mkproxy.sh" "$sdir/proxy.spec" "$work/proxy"
mv_fakeproxy url --root "$work/proxy" --deny /example.com/pb/ --log "$work/proxy.log"
export GOPROXY="$url" GONOSUMDB='*' GOSUMDB=off
echo "1..8"
mkdir -p "$work/m"
printf 'module example.com/m\n\ngo 1.21\n\nrequire (\n\texample.com/pa v1.1.0\n\texample.com/pb v1.1.0\n)\n' > "$work/m/go.mod"
asked() { grep -c "example.com/pb/" "$work/proxy.log" 2>/dev/null || echo 0; }
codes() { sed -n 's/^[^ ]* \(error\|warning\) \([a-z-]*\): \(example.com\/pb\).*/\2/p' "$work/out" | sort -u | tr '\n' ' '; }
untimed() { sed 's/ at [0-9][0-9T:-]*Z)/ at T)/g; s/remembered from [0-9T:-]*Z/remembered from T/g; s/asked again [0-9]*s after/asked again Ns after/g'; }

"$MODVET" check -C "$work/m" > "$work/out" 2>&1; st1=$?
a1=$(asked); c1=$(codes)
check "first check: example.com/pb refused (403): $c1(exit $st1, $a1 requests for it)" \
    '[ "$a1" -gt 0 ] && [ "$st1" = 1 ] && echo "$c1" | grep -q upstream-unavailable && ! echo "$c1" | grep -q unknown-version'
"$MODVET" check -C "$work/m" > "$work/out" 2>&1; st2=$?
a2=$(asked); c2=$(codes)
check "second check: not asked again ($a2 requests in all), the same failure, remembered ($c2, exit $st2)" \
    '[ "$a2" = "$a1" ] && [ "$st2" = "$st1" ] && [ "$c2" = "$c1" ] && grep -q "a failure remembered from" "$work/out"'
"$MODVET" check -f json -C "$work/m" 2> /dev/null | untimed > "$work/in.json"

# The same failure again when asked again: remembered twice as long each
# time (failure-ttl doubled per repeat, up to 32 times), so an upstream
# that stays down costs one slow run in a while, not every run; the clock
# is moved with MODVET_NOW (the default failure-ttl: 120 s).
t0=$(date +%s)
at() { MODVET_NOW=$(( t0 + $1 )) "$MODVET" check -C "$work/m" > "$work/out" 2>&1; asked; }
d1=$(at 130)
d2=$(at 300)
d3=$(at 380)
at 390 > /dev/null
check "asked again after 120 s ($a1 -> $d1), then remembered 240 s ($d2), asked after them ($d3)" \
    '[ "$d1" -gt "$a1" ] && [ "$d2" = "$d1" ] && [ "$d3" -gt "$d2" ] &&
    grep -q "asked again 480s after it" "$work/out"'
d4=$(at 800)
d5=$(at 900)
at 910 > /dev/null
check "each repeat doubles it (480 s: $d3 -> $d4 -> $d5), and the evidence says so" \
    '[ "$d4" = "$d3" ] && [ "$d5" -gt "$d4" ] && grep -q "asked again 960s after it" "$work/out"'

# Through modvetd: the same findings; with failure-ttl 1 the upstreams are
# asked again once the second has passed (no answer memo: the engine
# answers each time).
mv_start_daemon d --socket "$work/run/d.sock" --cache "$work/d.db" --failure-ttl 1 --memo-ttl 0
viad() { MODVET_LOCAL= "$MODVET" --socket "$work/run/d.sock" --no-autostart "$@"; }
viad check -f json -C "$work/m" 2> /dev/null > /dev/null
viad check -f json -C "$work/m" 2> /dev/null | untimed > "$work/d.json"
diff "$work/in.json" "$work/d.json" > "$work/out"
check "through modvetd, the same findings as in-process (remembered the second time)" \
    'cmp -s "$work/in.json" "$work/d.json"'
b0=$(asked)
viad check -C "$work/m" > "$work/out" 2>&1
b1=$(asked)
sleep 1.2
viad check -C "$work/m" > "$work/out" 2>&1; st=$?
b2=$(asked)
check "failure-ttl 1: not asked within the second ($b0 -> $b1), asked again after it ($b2)" \
    '[ "$b1" = "$b0" ] && [ "$b2" -gt "$b1" ] && [ "$st" = 1 ]'
# What exists is never hidden by a remembered failure: pa is answered.
check "the module the proxy serves is still checked (pa: no finding that it is unavailable)" \
    '! grep -q "upstream-unavailable: example.com/pa" "$work/out"'
# A failure is not an answer: once the proxy serves pb, a cache that
# holds its answers wins over any failure.
kill $pid; wait $pid 2> /dev/null
mv_fakeproxy url2 --root "$work/proxy" --log "$work/proxy2.log"
GOPROXY="$url2" "$MODVET" check -C "$work/m" > "$work/out" 2>&1; st=$?
check "another GOPROXY: the failure was another upstream's, so it is asked (exit $st)" \
    '[ "$st" = 0 ] && grep -q "example.com/pb/" "$work/proxy2.log"'
