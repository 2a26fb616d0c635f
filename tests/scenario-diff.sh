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
mv_scenarios
n=$(echo "$cases" | wc -w)
echo "1..$((2 * n + 4))"
if ! mv_have_go; then
	i=1
	while [ "$i" -le $((2 * n + 4)) ]; do echo "ok $i # SKIP go not found"; i=$((i + 1)); done
	exit 0
fi
# "go list -m all" reads the .info of every selected version and fails
# on one it cannot read; "go mod graph" does not read them. A proxy that
# refuses (403) or lacks (404) the .info of example.com/pb v1.0.0, which
# the pruned graph of pruned-simple selects without reading its go.mod;
# modvet in-process and through modvetd.
cp -R "$work/proxy" "$work/noinfo"
rm "$work/noinfo/example.com/pb/@v/v1.0.0.info"
mv_fakeproxy deny --root "$work/proxy" --deny "/example.com/pb/@v/v1.0.0.info"
mv_fakeproxy lacks --root "$work/noinfo"
sock="$work/run/d.sock"
mv_start_daemon d --socket "$sock" --cache "$work/d.db"
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
# The .info cases set up above.
d="$work/s/noinfo"; mkdir -p "$d"
for proxy in deny lacks; do
	eval "url=\$$proxy"
	cp "$sdir/cases/pruned-simple.mod" "$d/go.mod"
	(cd "$d" && GOPROXY=$url GOMODCACHE="$work/gmc-$proxy" go list -m all) > "$work/go.list" 2>&1; gs=$?
	(cd "$d" && GOPROXY=$url GOMODCACHE="$work/gmc-$proxy" go mod graph) > "$work/go.graph" 2>&1; gg=$?
	(cd "$d" && GOPROXY=$url MODVET_CACHE="$work/$proxy.db" "$MODVET" buildlist) > "$work/mv.list" 2>&1; ms=$?
	(cd "$d" && GOPROXY=$url MODVET_LOCAL= "$MODVET" --socket "$sock" --no-autostart buildlist) > "$work/mvd.list" 2>&1; md=$?
	(cd "$d" && GOPROXY=$url MODVET_CACHE="$work/$proxy.db" "$MODVET" graph) > "$work/mv.graph" 2>&1; mg=$?
	(cd "$d" && GOPROXY=$url MODVET_CACHE="$work/$proxy.db" "$MODVET" check) > "$work/mv.check" 2>&1
	said="warning upstream-unavailable: example.com/pb v1.0.0, which MVS selects, could not be checked"
	[ $proxy = lacks ] && said="error unknown-version: example.com/pb v1.0.0 does not exist, but MVS selects it"
	if [ "$gs" != 0 ] && [ "$ms" != 0 ] && [ "$md" != 0 ] &&
	    grep -q "example.com/pb@v1.0.0: reading .info" "$work/mv.list" &&
	    grep -q "example.com/pb@v1.0.0: reading .info" "$work/mvd.list" &&
	    grep -q "$said" "$work/mv.check"; then
		echo "ok $i - $proxy .info: buildlist fails as go list -m all does, both doors: $(head -1 "$work/mv.list"); check: $said"
	else
		echo "not ok $i - $proxy .info: go list -m all $gs, modvet buildlist $ms (local), $md (daemon); check must say: $said"
		sed 's/^/# /' "$work/go.list" "$work/mv.list" "$work/mvd.list" "$work/mv.check" | head -20
	fi
	i=$((i + 1))
	compare "$proxy .info: graph = go mod graph (it reads no .info)" \
	    "$work/mv.graph" "$work/go.graph" $gg $mg
done
echo "# compared $((same + differ)) outputs of $n scenario modules with go: $same identical, $differ differing"
