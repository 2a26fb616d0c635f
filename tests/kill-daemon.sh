#!/bin/sh
# kill -9 of modvetd while 20 checks are in flight on a slow upstream,
# then a restart on the same cache: the cache passes integrity_check, and
# every answer after the restart equals the answer of a clean daemon on a
# fresh cache (evidence timestamps aside). Nothing half-cached survives.
# The trees bundled with the sources, served by the fake proxy. TAP.
set -u
. "${srcdir:-.}/tests/lib.sh"
mv_setup killd
: "${MODVETD:=$builddir/modvetd}"
if ! command -v curl >/dev/null 2>&1 || ! command -v sqlite3 >/dev/null 2>&1; then
	echo "1..0 # SKIP curl or sqlite3 not found"; exit 0
fi
data="$srcdir/tests/data"
roots="--root $data/goproxy-aws --root $srcdir/examples/goproxy-pulumi-sdk --root $data/goproxy-deps"
mv_fakeproxy slow $roots --latency 400
mv_fakeproxy fast $roots
unset MODVET_LOCAL
export GOFLAGS= GOPRIVATE= GONOPROXY=

# Twenty go.mod files: the seed program and its fixed form, under twenty
# module names (so no answer is another's).
i=0
while [ $i -lt 20 ]; do
	if [ $((i % 2)) = 0 ]; then
		sed "s/^module .*/module kill$i/" "$srcdir/examples/aws-go/go.mod"
	else
		printf 'module kill%d\n\ngo 1.21\n\nrequire (\n\tgithub.com/pulumi/pulumi-aws/sdk/v6 v6.20.1\n\tgithub.com/pulumi/pulumi/sdk/v3 v3.104.2\n)\n' $i
	fi > "$work/m$i.mod"
	i=$((i + 1))
done
# Ask all twenty through the socket $1, the answers in $work/$2.N.
ask() {
	i=0; pids=""
	while [ $i -lt 20 ]; do
		curl -s -m 60 -o "$work/$2.$i" --unix-socket "$1" \
		    --data-binary @"$work/m$i.mod" http://m/v1/check &
		pids="$pids $!"
		i=$((i + 1))
	done
	for p in $pids; do wait "$p"; done
	# The evidence says when each answer was had: not part of it.
	i=0; while [ $i -lt 20 ]; do
		sed -i 's/ at [0-9T:-]*Z)/)/g; s/"fetched":"[^"]*"//g' "$work/$2.$i"
		i=$((i + 1))
	done
}

echo "1..6"
GOPROXY=$slow mv_start_daemon k --socket "$work/run/k/s.sock" \
    --cache "$work/k.db" --refresh-interval 0 --threads 8
kpid=$pid
ask "$work/run/k/s.sock" lost &
askpid=$!
sleep 1.2
kill -9 "$kpid"
wait "$askpid" 2>/dev/null
check "kill -9 with 20 checks in flight: the cache passes integrity_check" \
    '[ "$(sqlite3 "$work/k.db" "pragma integrity_check")" = ok ]'
GOPROXY=$fast mv_start_daemon k2 --socket "$work/run/k/s.sock" \
    --cache "$work/k.db" --refresh-interval 0
ask "$work/run/k/s.sock" after
GOPROXY=$fast mv_start_daemon clean --socket "$work/run/c/s.sock" \
    --cache "$work/clean.db" --refresh-interval 0
ask "$work/run/c/s.sock" clean
same=0; i=0
while [ $i -lt 20 ]; do
	[ -s "$work/after.$i" ] && cmp -s "$work/after.$i" "$work/clean.$i" && same=$((same + 1))
	i=$((i + 1))
done
check "after the restart: $same of 20 answers equal a clean daemon's" '[ $same = 20 ] ||
    { diff "$work/clean.0" "$work/after.0" > "$work/out"; false; }'
check "the restarted daemon's answers name unknown-version for the seed" \
    'grep -q "unknown-version" "$work/after.0" && ! grep -q "unknown-version" "$work/after.1"'
check "the cache still passes integrity_check" \
    '[ "$(sqlite3 "$work/k.db" "pragma integrity_check")" = ok ]'

# Single flight: 16 identical checks at once on a cold daemon (400 ms an
# upstream answer) are computed once; the others wait for that answer.
GOPROXY=$slow mv_start_daemon herd --socket "$work/run/h/s.sock" \
    --cache "$work/herd.db" --refresh-interval 0 --threads 4
i=0; pids=""
while [ $i -lt 16 ]; do
	curl -s -m 60 -o "$work/herd.$i" --unix-socket "$work/run/h/s.sock" \
	    --data-binary @"$work/m0.mod" http://m/v1/check &
	pids="$pids $!"
	i=$((i + 1))
done
for p in $pids; do wait "$p"; done
hits=$(curl -s --unix-socket "$work/run/h/s.sock" http://m/metrics |
    sed -n 's/^modvet_memo_hits_total{route="check"} //p')
same=0; i=0
while [ $i -lt 16 ]; do
	cmp -s "$work/herd.0" "$work/herd.$i" && same=$((same + 1))
	i=$((i + 1))
done
check "16 identical checks at once: all answered alike ($same of 16)" '[ $same = 16 ] && grep -q unknown-version "$work/herd.0"'
check "16 identical checks at once: computed once, $hits answered by the memo (>= 12)" '[ "${hits:-0}" -ge 12 ]'
