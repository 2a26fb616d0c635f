#!/bin/sh
# The systemd units of contrib/systemd: each scores OK (exposure at most
# 2.5 of 10) in systemd-analyze security --offline, and each ExecStart
# passes only options its program has (modvetd --help, modvet report's
# synopsis). TAP.
set -u
. "${srcdir:-.}/tests/lib.sh"
mv_setup units
units="$srcdir/contrib/systemd/modvetd.service $srcdir/contrib/systemd/modvet-report.service"
echo "1..4"
for u in $units; do
	name=${u##*/}
	if command -v systemd-analyze > /dev/null 2>&1 &&
	    systemd-analyze security --offline=true "$u" > "$work/out" 2>&1; then
		score=$(sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p' "$work/out")
		systemd-analyze security --offline=true --threshold=25 "$u" > /dev/null 2>&1; st=$?
		check "$name: systemd-analyze security exposure $score (at most 2.5)" '[ $st = 0 ] && [ -n "$score" ]'
	else
		skip "systemd-analyze security --offline not available here"
	fi
done
opts=$("$MODVETD" --help 2>&1 | sed -n 's/^  \(--[a-z-]*\) .*/\1/p')
: > "$work/out"
for o in $(sed -n 's/^ExecStart=[^ ]*modvetd //p' "$srcdir/contrib/systemd/modvetd.service" | tr ' ' '\n' | grep '^--'); do
	echo "$opts" | grep -qx -- "$o" || echo "modvetd has no option $o" >> "$work/out"
done
check "modvetd.service: every ExecStart option is one of modvetd --help's" '[ ! -s "$work/out" ]'
syn=$("$MODVET" report --help 2>&1 | head -1)
: > "$work/out"
for o in $(sed -n 's/^ExecStart=[^ ]*modvet report //p' "$srcdir/contrib/systemd/modvet-report.service" | tr ' ' '\n' | grep '^-'); do
	echo "$syn" | grep -q -- "$o\b" || echo "modvet report has no option $o ($syn)" >> "$work/out"
done
check "modvet-report.service: every ExecStart option is in modvet report's synopsis" '[ ! -s "$work/out" ]'
