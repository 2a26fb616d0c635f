#!/bin/sh
# modvet.accept: findings a team accepts deliberately, each with a reason
# and a last day. A finding an entry covers is left out while the entry
# holds, through the daemon (the thin client hands the check over) and
# with --local alike; an entry past its date leaves nothing out and is
# reported (accept-expired, at its line); a malformed line is
# invalid-accept. The scenario proxy's example.com/ret v1.1.0 is
# retracted (an error). TAP.
set -u
. "${srcdir:-.}/tests/lib.sh"
mv_setup accept
mv_scenario_daemon
d="$work/p"; mkdir -p "$d"
printf 'module example.com/p\n\ngo 1.17\n\nrequire example.com/ret v1.1.0\n' > "$d/go.mod"
for m in "ret v1.1.0"; do
	set -- $m
	echo "example.com/$1 $2/go.mod $("$MVTOOL" h1mod "$work/proxy/example.com/$1/@v/$2.mod")"
done > "$d/go.sum"
later=$(date -u -d '+1 year' +%Y-%m-%d)
past=$(date -u -d '-1 day' +%Y-%m-%d)

echo "1..7"
remote check -C "$d" > "$work/before" 2>&1; st=$?
check "without modvet.accept: retracted, exit $st" \
    '[ $st = 1 ] && grep -q "error retracted: example.com/ret v1.1.0" "$work/before"'

printf '# accepted on purpose\nretracted example.com/ret@v1.1.0 %s the fix needs v2; see #42\n' "$later" > "$d/modvet.accept"
remote check -C "$d" > "$work/r" 2>"$work/r.err"; rst=$?
local_ check -C "$d" > "$work/l" 2>"$work/l.err"; lst=$?
cp "$work/r" "$work/out"
check "an entry that holds: the finding left out through the daemon (exit $rst)" \
    '[ $rst = 0 ] && ! grep -q "error retracted" "$work/r" &&
    grep -q "modvet.accept: 1 finding accepted" "$work/r.err"'
check "the same bytes and exit with --local (exit $lst)" \
    '[ $lst = $rst ] && cmp -s "$work/r" "$work/l"'
remote check -C "$d" -f json > "$work/j" 2>/dev/null
check "JSON leaves it out too" '! grep -q "\"retracted\"" "$work/j"'

sed -i "s/ $later / $past /" "$d/modvet.accept"
remote check -C "$d" > "$work/out" 2>&1; st=$?
check "past its date: the finding is back, and the entry is reported at its line (exit $st)" \
    '[ $st = 1 ] && grep -q "error retracted: example.com/ret v1.1.0" "$work/out" &&
    grep -q "modvet.accept:2:1: warning accept-expired: the acceptance of retracted example.com/ret@v1.1.0 ended on $past (it said: the fix needs v2; see #42)" "$work/out"'

printf 'retracted example.com/ret@v1.1.0 someday because\nnosuchrule example.com/ret %s why\nretracted example.com/ret %s\n' "$later" "$later" > "$d/modvet.accept"
remote check -C "$d" > "$work/out" 2>&1; st=$?
check "malformed lines: invalid-accept at each, naming what is wrong; they accept nothing (exit $st)" \
    '[ $st = 1 ] && grep -q "modvet.accept:1:1: error invalid-accept: UNTIL is not a date" "$work/out" &&
    grep -q "modvet.accept:2:1: error invalid-accept: no such rule" "$work/out" &&
    grep -q "modvet.accept:3:1: error invalid-accept: expected RULE MODULE" "$work/out" &&
    grep -q "error retracted" "$work/out"'

printf '* example.com/ret %s every finding about it, for now\n' "$later" > "$d/modvet.accept"
remote check -C "$d" > "$work/out" 2>&1; st=$?
check "RULE * and a module without @VERSION cover all its findings (exit $st)" \
    '[ $st = 0 ] && ! grep -q "example.com/ret" "$work/out"'
