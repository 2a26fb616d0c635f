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
echo "1..$((KILLS + 1))"
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

# Eight processes opening the same new cache file at once (several
# modvet --local in parallel, as a CI job runs them): each reads the schema
# version again under the write lock, so none creates the tables twice
# ("table module already exists"), and none gives up at the switch to
# WAL ("database is locked"). Thirty rounds, each on a new file.
: "${MODVET:=./modvet}"
round=1 bad=0
while [ "$round" -le 30 ]; do
	k=1
	while [ "$k" -le 8 ]; do
		MODVET_LOCAL=1 GOPROXY=off MODVET_CACHE="$work/new$round.db" \
		    "$MODVET" versions example.com/x > "$work/par.$round.$k" 2>&1 &
		k=$((k + 1))
	done
	wait
	# (an error about the cache names its file, or is one of those two;
	# "every upstream failed" is GOPROXY=off's answer, not a cache error)
	grep -lE "new$round\.db|database is locked|already exists" \
	    "$work"/par.$round.* > /dev/null 2>&1 && bad=$((bad + 1))
	round=$((round + 1))
done
if [ "$bad" = 0 ]; then
	echo "ok $i - 30 rounds of 8 processes opening a new cache at once: every one opened it"
else
	echo "not ok $i - $bad of 30 rounds had a process that could not open the new cache:"
	cat "$work"/par.*.* | grep -E "\.db|database is locked|already exists" |
	    sort | uniq -c | sed 's/^/# /'
fi
