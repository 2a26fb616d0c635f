#!/bin/sh
# The manual pages: mandoc -Tlint finds no warning (style notes aside:
# cross-references to pages not installed here), and they keep up with
# the programs: every command of modvet --help has its entry in modvet(1),
# every option of modvetd --help its entry in modvetd.conf(5), every
# rule of the rule table (modvet explain) its name in modvet(1)'s check
# entry. TAP.
set -u
. "${srcdir:-.}/tests/lib.sh"
mv_setup man
echo "1..4"
pages="$srcdir/doc/modvet.1 $srcdir/doc/modvetd.8 $srcdir/doc/modvetd.conf.5"
if command -v mandoc > /dev/null 2>&1; then
	mandoc -Tlint -Wwarning $pages > "$work/out" 2>&1; st=$?
	check "mandoc -Tlint -Wwarning: no warning in the three pages (exit $st)" '[ $st = 0 ]'
else
	skip "mandoc not found (Debian's mandoc package)"
fi
: > "$work/out"
for c in $("$MODVET" --help | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p'); do
	grep -q "^\.It .*Cm $c\b" "$srcdir/doc/modvet.1" || echo "modvet.1 lacks $c" >> "$work/out"
done
check "modvet(1) has an entry for every command of modvet --help" '[ ! -s "$work/out" ]'
: > "$work/out"
for o in $("$MODVETD" --help 2>&1 | sed -n 's/^  --\([a-z][a-z-]*\) .*/\1/p'); do
	grep -q "^\.It Cm $o\$" "$srcdir/doc/modvetd.conf.5" || echo "modvetd.conf.5 lacks $o" >> "$work/out"
done
check "modvetd.conf(5) has an entry for every option of modvetd --help" '[ ! -s "$work/out" ]'
: > "$work/out"
# The page's text with its line breaks joined: a rule's name may end one
# line of the list.
tr '\n' ' ' < "$srcdir/doc/modvet.1" > "$work/page"
for r in $("$MODVET" explain | awk '{ print $1 }'); do
	grep -q "[ ,]$r[ ,)]" "$work/page" || echo "modvet.1 lacks rule $r" >> "$work/out"
done
check "modvet(1) names every rule of the table ($("$MODVET" explain | wc -l) rules)" \
    '[ ! -s "$work/out" ] && [ "$("$MODVET" explain | wc -l)" -ge 20 ]'
