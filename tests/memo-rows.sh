#!/bin/sh
# A worker keeps the cache rows it read in memory (engine/objmemo.c):
# the .info and .mod answers, and the version lists, latest answers and
# "does not exist" rows while no other connection has written to the
# cache file. Here another connection (sqlite3) rewrites a list row the
# daemon's workers have read, and the next answer through the daemon is
# the new row's, as a read of the file would give; the same after the
# daemon itself wrote the row. TAP.
set -u
. "${srcdir:-.}/tests/lib.sh"
mv_setup memorows
if ! command -v sqlite3 >/dev/null 2>&1; then
	echo "1..0 # SKIP sqlite3 not found (Debian package sqlite3)"; exit 0
fi
# Without the memo of repeated requests, whose answers hold while the
# lists they read are fresh: each answer here is read from the rows.
mv_scenario_daemon --memo-ttl 0

echo "1..3"
remote versions example.com/pd > "$work/a" 2>&1; ast=$?
remote versions example.com/pd > "$work/b" 2>&1; bst=$?
check "the list through the daemon, twice (exit $ast/$bst)" \
    '[ $ast = 0 ] && [ $bst = 0 ] &&
    grep -qx "example.com/pd v1.0.0 v1.1.0 v1.2.0" "$work/a" &&
    cmp -s "$work/a" "$work/b"'

# Another connection drops v1.2.0 from the row, keeping it fresh.
sqlite3 "$work/c.db" "update module set list = 'v1.0.0
v1.1.0
' where path = 'example.com/pd'" > "$work/out" 2>&1
remote versions example.com/pd > "$work/c" 2>&1; cst=$?
cp "$work/c" "$work/out"
check "another connection's write is seen at once: the row as the file has it (exit $cst)" \
    '[ $cst = 0 ] && grep -qx "example.com/pd v1.0.0 v1.1.0" "$work/c"'

# The row expires; the daemon asks the proxy and writes it itself.
sqlite3 "$work/c.db" "update module set list_fetched = 0 where path = 'example.com/pd'" > "$work/out" 2>&1
remote versions example.com/pd > /dev/null 2>&1
remote versions example.com/pd > "$work/d" 2>&1; dst=$?
cp "$work/d" "$work/out"
check "after the daemon wrote the row again, its answer is the new row (exit $dst)" \
    '[ $dst = 0 ] && grep -qx "example.com/pd v1.0.0 v1.1.0 v1.2.0" "$work/d"'
