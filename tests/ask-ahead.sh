#!/bin/sh
# The next majors' lists are asked ahead (engine/check.c
# check_ask_next_majors, proxyapi/fetch.c fetch_ahead): with round 1, and
# taken last, so that a proxy slow to say that /vN+1 does not exist holds
# up nothing else. A fake proxy answers the /v2 lists 2 s late: each
# list is asked once, later requests go out while they are on the wire
# (over cleartext HTTP/1.1 too), and the findings are those of a check
# that waited for everything, through modvetd and in-process alike.
# Likewise what a check asks after the graph (check_ask_after_lists):
# asked ahead once round 1's lists are in, a pin's latest go.mod (its
# retractions), 2 s late, holds up none of the graph's levels. TAP.
set -u
. "${srcdir:-.}/tests/lib.sh"
mv_setup ask-ahead
p="$work/proxy"
mod() { # PATH VERSION [REQUIRE-LINES]: one version in the tree
	mkdir -p "$p/$1/@v"
	printf 'module %s\n\ngo 1.21\n%s' "$1" "${3:-}" > "$p/$1/@v/$2.mod"
	printf '{"Version":"%s","Time":"2024-01-02T03:04:05Z"}\n' "$2" > "$p/$1/@v/$2.info"
	echo "$2" >> "$p/$1/@v/list"
}
mod example.com/a v1.0.0 '
require example.com/b v1.0.0
'
mod example.com/a/v2 v2.1.0
mod example.com/b v1.0.0
mod example.com/c v1.2.0
mv_fakeproxy url --root "$p" --log "$work/proxy.log" \
    --delay /example.com/a/v2/=2000 --delay /example.com/c/v2/=2000
export GOPROXY="$url" GOFLAGS= GOPRIVATE= GONOPROXY=
mkdir -p "$work/m"
printf 'module example.com/m\n\ngo 1.21\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/c v1.2.0\n)\n' > "$work/m/go.mod"
echo "1..9"

MODVET_CACHE="$work/local.db" "$MODVET" check -C "$work/m" > "$work/local.out" 2>&1; stl=$?
cp "$work/local.out" "$work/out"
check "in-process: new-major for a (its /v2 exists), none for c (exit $stl)" \
    'grep -q "new-major: example.com/a: a newer major version exists: example.com/a/v2 (latest v2.1.0)" "$work/out" &&
    ! grep -q "new-major: example.com/c" "$work/out"'
cp "$work/proxy.log" "$work/out"
check "each /v2 list is asked once (the request asked ahead is the one taken)" \
    '[ "$(grep -c "^GET /example.com/a/v2/@v/list " "$work/proxy.log")" = 1 ] &&
    [ "$(grep -c "^GET /example.com/c/v2/@v/list " "$work/proxy.log")" = 1 ]'

: > "$work/proxy.log"
unset MODVET_LOCAL
mv_start_daemon d --socket "$work/run/d/modvetd.sock" --cache "$work/d.db" \
    --refresh-interval 0 --memo-ttl 0 --log-level debug
viad() { "$MODVET" --socket "$work/run/d/modvetd.sock" --no-autostart "$@"; }
viad check -C "$work/m" > "$work/remote.out" 2>&1; str=$?
diff "$work/local.out" "$work/remote.out" > "$work/out"
check "through modvetd: the same output and exit status ($stl, $str)" \
    '[ "$stl" = "$str" ] && [ ! -s "$work/out" ]'
# modvetd's debug log says when each request was asked and how long it
# took: b's .info (asked after the graph is loaded) went out while a's
# /v2 list, asked ahead, was still on the wire.
# on_wire LOG SLOW OTHER: from that log, when the upstream path SLOW was
# asked and how long it took, and when OTHER was asked (slow_at, slow_ms,
# other_at); asked_during then tells whether SLOW took 2 s or more and
# OTHER was asked before it ended.
on_wire() {
	slow_at="" slow_ms="" other_at=""
	read -r slow_at slow_ms <<EOT
$(sed -n "s|^debug: fetch: asked at \([0-9]*\) ms, \([0-9]*\)[.0-9]* ms: $url$2: .*|\1 \2|p" "$1" | head -1)
EOT
	read -r other_at _ <<EOT
$(sed -n "s|^debug: fetch: asked at \([0-9]*\) ms, \([0-9]*\)[.0-9]* ms: $url$3: .*|\1 \2|p" "$1" | head -1)
EOT
	cp "$1" "$work/out"
}
asked_during='[ -n "$slow_at" ] && [ -n "$other_at" ] && [ "$slow_ms" -ge 2000 ] && [ "$other_at" -lt $((slow_at + slow_ms)) ]'
on_wire "$work/d.log" /example.com/a/v2/@v/list /example.com/b/@v/v1.0.0.info
check "through modvetd: b's .info is asked while a's slow /v2 list is on the wire (asked at ${slow_at:-?} ms for ${slow_ms:-?} ms; b's at ${other_at:-?} ms)" \
    "$asked_during"
cp "$work/proxy.log" "$work/out"
check "through modvetd: each /v2 list asked once" \
    '[ "$(grep -c "^GET /example.com/a/v2/@v/list " "$work/proxy.log")" = 1 ] &&
    [ "$(grep -c "^GET /example.com/c/v2/@v/list " "$work/proxy.log")" = 1 ]'
: > "$work/proxy.log"
viad check -C "$work/m" > "$work/out" 2>&1
check "a second check asks for nothing (the 404 is remembered) and says the same" \
    '[ ! -s "$work/proxy.log" ] && diff -q "$work/out" "$work/local.out" >/dev/null'

# The latest go.mod of e (v1.1.0, which retracts the pinned v1.0.0) is
# 2 s late; e v1.0.0 and f are go 1.16 modules, whose graphs are loaded
# whole: f's go.mod is level 2, g's level 3.
p="$work/proxy2"
mod example.com/e v1.0.0 'require example.com/f v1.0.0
'
mod example.com/e v1.1.0 'retract v1.0.0 // broken
'
mod example.com/f v1.0.0 'require example.com/g v1.0.0
'
mod example.com/g v1.0.0
sed -i 's/^go 1.21$/go 1.16/' "$p/example.com/e/@v/v1.0.0.mod" "$p/example.com/f/@v/v1.0.0.mod"
mv_fakeproxy url --root "$p" --log "$work/proxy2.log" \
    --delay /example.com/e/@v/v1.1.0.mod=2000
mkdir -p "$work/m2"
printf 'module example.com/m2\n\ngo 1.21\n\nrequire example.com/e v1.0.0\n' > "$work/m2/go.mod"
export GOPROXY="$url"
MODVET_LOCAL=1 MODVET_CACHE="$work/local2.db" "$MODVET" check -C "$work/m2" > "$work/local2.out" 2>&1; stl=$?
cp "$work/local2.out" "$work/out"
check "in-process: the latest go.mod's retraction is read: e v1.0.0 retracted (exit $stl)" \
    'grep -q "retracted: example.com/e v1.0.0" "$work/out" &&
    [ "$(grep -c "^GET /example.com/e/@v/v1.1.0.mod " "$work/proxy2.log")" = 1 ]'
: > "$work/proxy2.log"
mv_start_daemon d2 --socket "$work/run/d2/modvetd.sock" \
    --cache "$work/d2.db" --refresh-interval 0 --memo-ttl 0 --log-level debug
"$MODVET" --socket "$work/run/d2/modvetd.sock" --no-autostart check \
    -C "$work/m2" > "$work/remote2.out" 2>&1; str=$?
diff "$work/local2.out" "$work/remote2.out" > "$work/out"
check "through modvetd: the same output and exit status ($stl, $str), the latest go.mod asked once" \
    '[ "$stl" = "$str" ] && [ ! -s "$work/out" ] &&
    [ "$(grep -c "^GET /example.com/e/@v/v1.1.0.mod " "$work/proxy2.log")" = 1 ]'
on_wire "$work/d2.log" /example.com/e/@v/v1.1.0.mod /example.com/g/@v/v1.0.0.mod
check "through modvetd: the graph's level 3 (g's go.mod) is asked while the latest go.mod is on the wire (asked at ${slow_at:-?} ms for ${slow_ms:-?} ms; g's at ${other_at:-?} ms)" \
    "$asked_during"
