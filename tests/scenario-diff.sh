#!/bin/sh
# The module graph against the go command: for every scenario module of
# tests/scenarios/cases (pruning on and off, exclude, replace, retract,
# +incompatible, pseudo-versions, go and toolchain lines, cycles),
# served by the fake proxy from tests/scenarios/proxy.spec,
# "modvet buildlist" equals "go list -m all" and "modvet graph" equals
# "go mod graph". TAP.
set -u
. "${srcdir:-.}/tests/lib.sh"
mv_setup scen
sdir="$srcdir/tests/scenarios"
sh "$sdir/mkproxy.sh" "$sdir/proxy.spec" "$work/proxy"
mv_fakeproxy url --root "$work/proxy"
export GOPROXY="$url"
mv_goenv
cp -R "$sdir/local" "$work/local"
cases=$(cd "$sdir/cases" && ls *.mod | sed 's/\.mod$//')
n=$(echo "$cases" | wc -w)
echo "1..$((2 * n))"
if ! mv_have_go; then
	i=1
	while [ "$i" -le $((2 * n)) ]; do echo "ok $i # SKIP go not found"; i=$((i + 1)); done
	exit 0
fi
i=1; same=0; differ=0
compare() { # desc, modvet output file, go output file, go status, modvet's
	if [ "$4" != 0 ] && [ "$5" != 0 ]; then
		echo "ok $i - $1: both reject: $(head -c 200 "$2")"
		same=$((same + 1))
	elif [ "$4" = 0 ] && [ "$5" = 0 ] && cmp -s "$2" "$3"; then
		echo "ok $i - $1 ($(wc -l < "$2") lines)"
		same=$((same + 1))
	else
		echo "not ok $i - $1"
		diff -u "$3" "$2" | sed 's/^/# /' | head -30
		differ=$((differ + 1))
	fi
	i=$((i + 1))
}
for c in $cases; do
	d="$work/s/$c"
	mkdir -p "$d"
	cp "$sdir/cases/$c.mod" "$d/go.mod"
	(cd "$d" && go list -m all) > "$work/go.list" 2>&1; gs=$?
	(cd "$d" && "$MODVET" buildlist) > "$work/mv.list" 2>&1; ms=$?
	compare "$c: buildlist = go list -m all" "$work/mv.list" \
	    "$work/go.list" $gs $ms
	cp "$sdir/cases/$c.mod" "$d/go.mod"
	(cd "$d" && go mod graph) > "$work/go.graph" 2>&1; gs=$?
	(cd "$d" && "$MODVET" graph) > "$work/mv.graph" 2>&1; ms=$?
	compare "$c: graph = go mod graph" "$work/mv.graph" "$work/go.graph" \
	    $gs $ms
done
echo "# compared $((same + differ)) outputs of $n scenario modules with go: $same identical, $differ differing"
