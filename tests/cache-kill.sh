#!/bin/sh
# Crash safety of the cache: a writer doing bulk inserts (20 go.mod files
# a transaction) is killed with SIGKILL at a random moment, 100 times, on
# the same database. After each kill PRAGMA integrity_check must say ok and
# every transaction the writer reported committed must be there. TAP.
set -u
: "${MVTOOL:=./tests/tools/mvtool}"
: "${KILLS:=100}"

work=$(mktemp -d "${TMPDIR:-/tmp}/modvet-kill.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
db="$work/cache.db"
echo "1..$KILLS"
last=0; failures=0
i=1
while [ "$i" -le "$KILLS" ]; do
	"$MVTOOL" cache-writer "$db" $((last + 1)) > "$work/out" 2>"$work/err" &
	pid=$!
	# Kill somewhere between 20 and 200 ms into the run.
	ms=$(( ($(od -An -N2 -tu2 /dev/urandom) % 180) + 20 ))
	sleep "$(printf '0.%03d' "$ms")"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	# The last whole line is the last transaction reported committed.
	n=$(sed -n '$p' "$work/out" | tr -cd '0-9')
	[ -n "$n" ] && last=$n
	if out=$("$MVTOOL" cache-verify "$db" "$last" 2>&1); then
		echo "ok $i - killed after ${ms}ms: $out"
	else
		echo "not ok $i - killed after ${ms}ms: $out"
		failures=$((failures + 1))
	fi
	i=$((i + 1))
done
echo "# $KILLS kills, $last transactions committed in all, $failures failures"
