#!/bin/sh
# The proxy client against the go command: for every module of the
# fixture tree, served by the fake proxy over HTTP, "modvet versions"
# equals "go list -m -versions"; and every .info and .mod read back from
# the cache equals the served file, byte for byte. TAP.
set -u
. "${srcdir:-.}/tests/lib.sh"
mv_setup proxydiff
mv_need_shared
mv_fakeproxy url --root "$FIXTURE"
export GOPROXY="$url"
mv_goenv
mods=$(mv_fixture_modules "$FIXTURE")
n=$(echo "$mods" | wc -l)
echo "1..$((n + 1))"
i=1; same=0; differ=0
for m in $mods; do
	got=$("$MODVET" versions "$m" 2>&1)
	if ! mv_have_go; then
		echo "ok $i # SKIP go not found (modvet: $got)"
	else
		want=$(cd "$work" && go list -m -versions "$m" 2>&1)
		if [ "$got" = "$want" ]; then
			echo "ok $i - $m: $(echo "$got" | wc -w) words"
			same=$((same + 1))
		else
			echo "not ok $i - $m"
			echo "#   modvet: $got" | cut -c1-400
			echo "#   go:     $want" | cut -c1-400
			differ=$((differ + 1))
		fi
	fi
	i=$((i + 1))
done
rm -f "$MODVET_CACHE"
if out=$("$MVTOOL" readback "$FIXTURE"); then
	echo "ok $i - cache read-back: $out"
else
	echo "not ok $i - cache read-back: $out"
fi
echo "# compared versions of $n modules with go: $same identical, $differ differing"
