#!/bin/sh
# The disk full under modvetd's cache: writes fail cleanly, every answer
# is still given (from the upstream, then from a cache in memory), the
# file is never damaged, and once space returns the cache is written
# again; modvet --local on a full disk gives the same answer. The cache lives on a small tmpfs that the test fills
# (mounting one needs root: skipped otherwise, with the reason). TAP.
set -u
. "${srcdir:-.}/tests/lib.sh"
mv_setup diskfull
mkdir "$work/full"
if ! mount -t tmpfs -o size=4m tmpfs "$work/full" 2>/dev/null; then
	echo "1..0 # SKIP cannot mount a tmpfs to fill (needs root)"
	exit 0
fi
full_cleanup() {
	for p in $mv_pids; do kill "$p" 2>/dev/null; done
	for p in $mv_pids; do wait "$p" 2>/dev/null; done
	umount "$work/full" 2>/dev/null
	mv_cleanup
}
trap full_cleanup EXIT
if ! command -v curl >/dev/null 2>&1 || ! command -v sqlite3 >/dev/null 2>&1; then
	echo "1..0 # SKIP curl and sqlite3 are needed"; exit 0
fi
data="$srcdir/tests/data"
mv_fakeproxy url --root "$data/goproxy-aws" \
    --root "$srcdir/examples/goproxy-pulumi-sdk" --root "$data/goproxy-deps" \
    --log "$work/proxy.log"
export GOPROXY="$url" GOFLAGS= GONOPROXY= GOPRIVATE= GOINSECURE=
unset MODVET_LOCAL
echo "1..10"
untimed() { sed 's/ at [0-9][0-9T:-]*Z)/ at T)/g; s/remembered from [0-9T:-]*Z/remembered from T/g; s/asked again [0-9]*s after/asked again Ns after/g'; }
asked() { wc -l < "$work/proxy.log"; }

# The answer with a roomy disk, for comparison.
mv_start_daemon ok --socket "$work/run/ok.sock" --cache "$work/ok.db" \
    --refresh-interval 0 --memo-ttl 0
"$MODVET" --socket "$work/run/ok.sock" --no-autostart check -f json \
    -C "$srcdir/examples/aws-go" 2> /dev/null | untimed > "$work/want.json"
st_want=$?
kill "$pid"; wait "$pid" 2> /dev/null

mv_start_daemon full --socket "$work/run/full.sock" --cache "$work/full/c.db" \
    --refresh-interval 0 --memo-ttl 0
fpid=$pid
viad() { "$MODVET" --socket "$work/run/full.sock" --no-autostart "$@"; }
# A worker opens the file while there is room (health borrows one); then
# the disk is filled to the last block, under the open connection.
curl -s -o /dev/null --unix-socket "$work/run/full.sock" http://m/v1/health
dd if=/dev/zero of="$work/full/filler" bs=4096 2> /dev/null
avail=$(df -k "$work/full" | awk 'NR == 2 { print $4 }')
viad check -f json -C "$srcdir/examples/aws-go" 2> "$work/err" | untimed > "$work/got1.json"
diff "$work/want.json" "$work/got1.json" > "$work/out"
check "the disk full (${avail} kB left): the same findings as with room (cache writes failed)" \
    '[ -s "$work/want.json" ] && cmp -s "$work/want.json" "$work/got1.json" &&
    grep -qi "full" "$work/full.log"'
a1=$(asked)
viad check -f json -C "$srcdir/examples/aws-go" 2> /dev/null | untimed > "$work/got2.json"
a2=$(asked)
check "asked again, still full: the same findings ($a1 -> $a2 upstream requests), daemon serving" \
    'cmp -s "$work/want.json" "$work/got2.json" && kill -0 "$fpid" &&
    [ "$(curl -s -o /dev/null -w "%{http_code}" --unix-socket "$work/run/full.sock" http://m/v1/health)" = 200 ]'
viad check -f json -C "$srcdir/examples/aws-go" 2> /dev/null | untimed > "$work/got2b.json"
a3=$(asked)
check "a third time: answered from the cache in memory (no upstream request: $a2 -> $a3)" \
    'cmp -s "$work/want.json" "$work/got2b.json" && [ "$a3" = "$a2" ]'
MODVET_LOCAL=1 MODVET_CACHE="$work/full/local.db" "$MODVET" check -f json \
    -C "$srcdir/examples/aws-go" 2> "$work/err" | untimed > "$work/local.json"
{ cat "$work/err"; diff "$work/want.json" "$work/local.json"; } > "$work/out"
check "in-process on the same full disk: the same findings, and a warning that nothing is kept" \
    'cmp -s "$work/want.json" "$work/local.json" &&
    grep -q "^modvet: warning: cache .*local.db: .*: nothing learnt is kept this time" "$work/err"'
check "health says the cache is in memory, and why" \
    'curl -s --unix-socket "$work/run/full.sock" http://m/v1/health > "$work/out" &&
    grep -q "\"cache\":\"in memory, answers not kept: cache .*c.db" "$work/out"'
# (read as it is on disk: sqlite3 could not make its own files now)
check "the cache file is sound: integrity_check ok" \
    '[ "$(sqlite3 "file:$work/full/c.db?immutable=1" "pragma integrity_check" 2>&1)" = ok ]'
rows_full=$(sqlite3 "file:$work/full/c.db?immutable=1" "select count(*) from version" 2>/dev/null)

# Space returns: the cache is written again, and then answers alone.
rm -f "$work/full/filler"
sleep 2.2	# a worker tries its cache file again 2 s after it last failed
viad check -f json -C "$srcdir/examples/aws-go" 2> /dev/null | untimed > "$work/got3.json"
rows=$(sqlite3 "$work/full/c.db" "select count(*) from version" 2>/dev/null)
check "space back: the same findings, and the cache written again ($rows_full -> $rows version rows)" \
    'cmp -s "$work/want.json" "$work/got3.json" && [ "$rows" -gt "${rows_full:-0}" ]'
b1=$(asked)
viad check -f json -C "$srcdir/examples/aws-go" 2> /dev/null | untimed > "$work/got4.json"
b2=$(asked)
check "then a check is answered from the cache: no upstream request ($b1 -> $b2), the same findings" \
    'cmp -s "$work/want.json" "$work/got4.json" && [ "$b2" = "$b1" ]'
check "after all of it: integrity_check ok, health ok, the daemon serving" \
    '[ "$(sqlite3 "$work/full/c.db" "pragma integrity_check" 2>&1)" = ok ] && kill -0 "$fpid" &&
    curl -s --unix-socket "$work/run/full.sock" http://m/v1/health | grep -q "\"cache\":\"ok\""'
# SIGTERM with workers caching in memory: a clean, prompt exit.
# (four checks at once: new workers are made, on the full disk)
dd if=/dev/zero of="$work/full/filler" bs=4096 2> /dev/null
cpids=""
for c in 1 2 3 4; do
	MODVET_LOCAL= "$MODVET" --socket "$work/run/full.sock" --no-autostart \
	    check -C "$srcdir/examples/aws-go" > /dev/null 2>&1 &
	cpids="$cpids $!"
done
for c in $cpids; do wait "$c"; done
# (a write that cannot be done, then a request: that worker goes to memory)
viad watch add github.com/pulumi/pulumi/sdk/v3 > /dev/null 2>&1
curl -s -o /dev/null --unix-socket "$work/run/full.sock" http://m/v1/health
inmem=$(grep -c "answering without keeping them" "$work/full.log")
t0=$(date +%s)
kill -TERM "$fpid"
waited=0
while kill -0 "$fpid" 2> /dev/null && [ $waited -lt 100 ]; do sleep 0.1; waited=$((waited + 1)); done
wait "$fpid" 2> /dev/null; st=$?
check "SIGTERM while the disk is full (a worker went to memory $inmem times in all): exits at once, status $st, in $(( $(date +%s) - t0 )) s" \
    '! kill -0 "$fpid" 2> /dev/null && [ "$st" = 0 ]'
