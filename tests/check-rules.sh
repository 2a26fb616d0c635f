#!/bin/sh
# Every rule fires where it must and stays quiet on its near miss: the
# cases of tests/scenarios/check/EXPECT, checked by "modvet check" against
# the fake proxy serving tests/scenarios/proxy.spec (the "unavailable"
# case against one that fails every request: an upstream that cannot
# answer must give upstream-unavailable, never unknown-version). Each
# case is checked in text and json; the exit status must be 1 exactly
# when an error fired. TAP.
set -u
. "${srcdir:-.}/tests/lib.sh"
mv_setup rules
sdir="$srcdir/tests/scenarios"
sh "$sdir/mkproxy.sh" "$sdir/proxy.spec" "$work/proxy"
mv_fakeproxy good --root "$work/proxy"
mv_fakeproxy failing --root "$work/proxy" --fail-rate 1.0 --seed 1
cases=$(grep -v '^#' "$sdir/check/EXPECT" | awk 'NF { print $1 }')
echo "1..$(echo "$cases" | wc -w)"
h1=$("$MVTOOL" h1mod "$work/proxy/example.com/pd/@v/v1.2.0.mod")
i=1
for c in $cases; do
	set -- $(grep "^$c " "$sdir/check/EXPECT")
	fires=$2 not=$3
	d="$work/c/$c"
	mkdir -p "$d"
	cp "$sdir/check/$c.mod" "$d/go.mod"
	case $c in
	sum-ok)		echo "example.com/pd v1.2.0/go.mod $h1" > "$d/go.sum" ;;
	sum-junk)	printf '%s\n' "example.com/pd v1.2.0/go.mod $h1" \
			    "<<<<<<< Updated upstream" > "$d/go.sum" ;;
	sum-missing)	: > "$d/go.sum" ;;
	sum-mismatch)	echo "example.com/pd v1.2.0/go.mod h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" > "$d/go.sum" ;;
	esac
	proxy=$good
	[ "$c" = unavailable ] && proxy=$failing
	GOPROXY=$proxy MODVET_CACHE="$work/$c.db" "$MODVET" check -C "$d" -f json \
	    > "$work/out.json" 2>"$work/err"
	st=$?
	GOPROXY=$proxy MODVET_CACHE="$work/$c.db" "$MODVET" check -C "$d" \
	    > "$work/out.txt" 2>&1
	codes=$(sed -n 's/^[[:space:]]*"code":[[:space:]]*"\(.*\)",$/\1/p' \
	    "$work/out.json" | sort -u | tr '\n' ' ')
	errors=$(sed -n 's/^[[:space:]]*"errors":[[:space:]]*\([0-9]*\).*/\1/p' \
	    "$work/out.json")
	bad=""
	for f in $(echo "$fires" | tr ',' ' '); do
		[ "$f" = - ] && continue
		case " $codes " in *" $f "*) ;; *) bad="$bad missing:$f" ;; esac
		grep -q " $f: " "$work/out.txt" || bad="$bad text-lacks:$f"
	done
	for f in $(echo "$not" | tr ',' ' '); do
		[ "$f" = - ] && continue
		case " $codes " in *" $f "*) bad="$bad unexpected:$f" ;; esac
	done
	# Control bytes from a go.mod never reach the terminal raw.
	grep -q "$(printf '\033')" "$work/out.txt" && bad="$bad raw-escape-byte"
	want=0; [ "${errors:-0}" -gt 0 ] && want=1
	[ "$st" = "$want" ] || bad="$bad exit:$st(errors:$errors)"
	# The fix never prints the placeholders bad versions get inside.
	GOPROXY=$proxy MODVET_CACHE="$work/$c.db" "$MODVET" fix -C "$d" \
	    > "$work/fix.txt" 2>&1
	grep -q "modvet\.bad" "$work/fix.txt" && bad="$bad fix-shows-placeholder"
	if [ -z "$bad" ]; then
		echo "ok $i - $c: fired [ $codes] exit $st"
	else
		echo "not ok $i - $c:$bad (fired: $codes)"
		awk '{ print "#   " $0 }' "$work/out.txt" "$work/err" | head -30
	fi
	i=$((i + 1))
done
