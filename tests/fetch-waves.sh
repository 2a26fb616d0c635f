#!/bin/sh
# A batch larger than the requests allowed on the wire at once goes out in
# waves (proxyapi/fetch.c fetch_run). Against a proxy that answers at
# once, a whole wave can end within one turn of the loop; the loop then
# saw nothing on the wire and slept a second before starting the next
# wave, as if waiting for a retry. 10 modules' lists and go.mod files,
# one on the wire at a time (20 waves), from a local fake proxy: every
# answer, each asked once, and no wave waits (the whole run takes a small
# part of a second; it took 18 s before, and with 4 on the wire 40
# modules took 1,052 ms, one wave having waited). TAP.
set -u
. "${srcdir:-.}/tests/lib.sh"
mv_setup fetch-waves
p="$work/proxy"
i=0
while [ $i -lt 10 ]; do
	d="$p/example.com/w$i/@v"
	mkdir -p "$d"
	printf 'module example.com/w%d\n\ngo 1.21\n' $i > "$d/v1.0.0.mod"
	echo v1.0.0 > "$d/list"
	i=$((i + 1))
done
mv_fakeproxy url --root "$p" --log "$work/proxy.log"
echo "1..2"
t0=$(date +%s%N)
GOPROXY="$url" GOFLAGS= MVTOOL_MAX_INFLIGHT=1 "$MVTOOL" fetch-all "$p" > "$work/out" 2>&1; st=$?
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
check "10 lists and 10 go.mod files, each asked once (exit $st)" \
    '[ $st = 0 ] && grep -q "^modules 10 mod-files 10 failures 0 upstream-calls 20$" "$work/out" &&
    [ "$(sort -u "$work/proxy.log" | grep -c "^GET .* 200 ")" = 20 ] && [ "$(grep -c "^GET " "$work/proxy.log")" = 20 ]'
check "no wave waits for a second: 20 waves in $ms ms" '[ "$ms" -lt 5000 ]'
