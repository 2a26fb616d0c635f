#!/bin/sh
# Updates, retractions and deprecations against the go command: for every
# scenario module of tests/scenarios/cases, served by the fake proxy from
# tests/scenarios/proxy.spec, what "modvet check" says of each requirement
# (outdated, retracted, deprecated) equals what "go list -m -u -retracted
# -json all" says of it (Update, Retracted, Deprecated). The cases cover
# the classes where modvet once missed the go command's updates: v0 to v1
# on one path, prereleases, pseudo-versions (to a tag, to a newer commit
# only @latest names, never to an older commit), replaced modules and the
# versions of their replace lines, exclusions and retractions
# (modload/build.go addUpdate; modload/query.go queryProxy "upgrade",
# queryMatcher.filterVersions). TAP.
set -u
. "${srcdir:-.}/tests/lib.sh"
mv_setup update
mv_scenarios
count=$(echo "$cases" | wc -w)
echo "1..$count"
if ! mv_have_go; then
	i=1
	while [ "$i" -le "$count" ]; do echo "ok $i # SKIP go not found"; i=$((i + 1)); done
	exit 0
fi
status="$srcdir/tests/tools/module-status.py"
i=1; same=0; differ=0; updates=0
for c in $cases; do
	d="$work/s/$c"
	mkdir -p "$d"
	cp "$sdir/cases/$c.mod" "$d/go.mod"
	(cd "$d" && go mod edit -json) > "$work/gomod.json"
	(cd "$d" && go list -m -u -retracted -json all) > "$work/go.json" 2> "$work/go.err"; gs=$?
	cp "$sdir/cases/$c.mod" "$d/go.mod"
	MODVET_CACHE="$work/cache.db" "$MODVET" check -C "$d" -f json \
	    > "$work/mv.json" 2> "$work/mv.err"
	if [ "$gs" != 0 ]; then
		# The go command could not list the module: nothing to
		# compare; modvet must say something is wrong (exit != 0).
		MODVET_CACHE="$work/cache.db" "$MODVET" check -C "$d" > /dev/null 2>&1; ms=$?
		if [ "$ms" != 0 ]; then
			echo "ok $i - $c: both reject: $(head -c 150 "$work/go.err" | tr '\n' ' ')"
			same=$((same + 1))
		else
			echo "not ok $i - $c: go list fails, modvet check passes"
			sed 's/^/# /' "$work/go.err" | head -5
			differ=$((differ + 1))
		fi
		i=$((i + 1))
		continue
	fi
	python3 "$status" go "$work/gomod.json" "$work/go.json" > "$work/go.st"
	python3 "$status" modvet "$work/mv.json" > "$work/mv.st" 2>&1
	if cmp -s "$work/go.st" "$work/mv.st"; then
		echo "ok $i - $c: $(wc -l < "$work/go.st") statements agree: $(tr '\n' ';' < "$work/go.st")"
		same=$((same + 1))
		updates=$((updates + $(grep -c ' updated ' "$work/go.st")))
	else
		echo "not ok $i - $c"
		diff -u "$work/go.st" "$work/mv.st" | sed 's/^/# /'
		differ=$((differ + 1))
	fi
	i=$((i + 1))
done
echo "# $count scenario modules: $same agree with go list -m -u -retracted ($updates updates), $differ differ"
