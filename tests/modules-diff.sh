#!/bin/sh
# Verdicts on real go.mod files against the go command, through the real
# module proxy ($GOPROXY): for each module of tests/data/modules/LIST, its
# own go.mod (recorded by tests/data/modules/record.sh) as the main
# module, with no go.sum:
#   buildlist = go list -m all            (modload.ListModules)
#   graph     = go mod graph              (modload.LoadModGraph)
#   versions  = go list -m -versions      (of the module itself)
#   statuses  = outdated, retracted, deprecated and upstream-unavailable of
#               every requirement against the Update, Retracted, Deprecated
#               and Error of go list -e -m -u -retracted -json all
#               (modload/build.go addUpdate, addRetraction, addDeprecation)
# Where the go command fails, modvet must not pass: it fails too, or (go
# list -m -u stopping at "loading module retractions for M") it reports M
# upstream-unavailable, since a build does not need what failed. The
# modules run MODULES_DIFF_JOBS at a time (the work is waiting on the
# network); one TAP line per module and class, and the last line gives the
# agreement per class. Skips, saying so, when the proxy cannot be reached
# or MODULES_DIFF_SKIP gives a reason (.ci/run's second and third runs).
# TAP.
set -u
. "${srcdir:-.}/tests/lib.sh"
data="$srcdir/tests/data/modules"
status="$srcdir/tests/tools/module-status.py"

# Two outputs agree when both commands fail, or both succeed with the same
# bytes; the difference is printed otherwise.
same() { # go output, go status, modvet output, modvet status
	if [ "$2" != 0 ] && [ "$4" != 0 ]; then
		return 0
	elif [ "$2" = 0 ] && [ "$4" = 0 ] && cmp -s "$1" "$3"; then
		return 0
	fi
	echo "# go (exit $2) against modvet (exit $4):"
	[ "$2" = 0 ] || head -3 "$1" | sed 's/^/#   go: /'
	[ "$4" = 0 ] || head -3 "$3" | sed 's/^/#   modvet: /'
	diff -u "$1" "$3" | head -20 | sed 's/^/#   /'
	return 1
}

# Run modvet ARGS > $out; a run that failed on the network ("transient":
# every try of a request failed) is run once more, and says so, since the
# go command beside it just read the same upstream.
modvet_once_more() { # out, args...
	out=$1; shift
	"$MODVET" "$@" > "$out" 2>&1; rc=$?
	if [ "$rc" = 2 ] && grep -q "(transient)\|(error)" "$out"; then
		echo "# modvet $*: retried after: $(head -1 "$out" | cut -c1-200)"
		"$MODVET" "$@" > "$out" 2>&1; rc=$?
	fi
	return $rc
}

# One module, in its own directory $2: "RESULT class 0|1 text" lines and
# "#" diagnostics on stdout.
one_module() { # path@version, dir
	m=$1 d=$2 path=${1%@*}
	mkdir -p "$d/main"
	gomod="$data/$(echo "$m" | tr / !).mod"
	cp "$gomod" "$d/main/go.mod"
	(cd "$d/main" && go list -m all) > "$d/go.out" 2>&1; gs=$?
	(cd "$d/main" && modvet_once_more "$d/mv.out" buildlist); ms=$?
	same "$d/go.out" $gs "$d/mv.out" $ms; r=$?
	echo "RESULT buildlist $r $m ($(wc -l < "$d/go.out") modules, go exit $gs)"
	cp "$gomod" "$d/main/go.mod"
	(cd "$d/main" && go mod graph) > "$d/go.out" 2>&1; gs=$?
	(cd "$d/main" && modvet_once_more "$d/mv.out" graph); ms=$?
	same "$d/go.out" $gs "$d/mv.out" $ms; r=$?
	echo "RESULT graph $r $m ($(wc -l < "$d/go.out") edges, go exit $gs)"
	(cd "$d" && go list -m -versions "$path") > "$d/go.out" 2>&1; gs=$?
	"$MODVET" versions "$path" > "$d/mv.out" 2>&1; ms=$?
	same "$d/go.out" $gs "$d/mv.out" $ms; r=$?
	echo "RESULT versions $r $path ($(wc -w < "$d/go.out") words)"
	cp "$gomod" "$d/main/go.mod"
	(cd "$d/main" && go mod edit -json) > "$d/gomod.json"
	(cd "$d/main" && go list -e -m -u -retracted -json all) > "$d/go.json" 2> "$d/go.err"; gs=$?
	cp "$gomod" "$d/main/go.mod"
	(cd "$d/main" && "$MODVET" check -f json) > "$d/mv.json" 2> "$d/mv.err"; ms=$?
	if [ "$gs" != 0 ]; then
		why=$(head -1 "$d/go.err" | cut -c1-160)
		failed=$(sed -n 's/^go: loading module retractions for \([^@]*\)@.*/\1/p' "$d/go.err" | head -1)
		if [ "$ms" != 0 ]; then
			echo "RESULT statuses 0 $m: both fail: $why"
		elif [ -n "$failed" ] && python3 -c '
import json, sys
fs = json.load(open(sys.argv[1])).get("findings", [])
sys.exit(0 if any(f.get("module") == sys.argv[2] and f.get("code") == "upstream-unavailable" for f in fs) else 1)
' "$d/mv.json" "$failed"; then
			echo "RESULT statuses 0 $m: go list -m -u fails ($why); modvet says $failed could not be checked"
		else
			echo "RESULT statuses 1 $m: go list -m -u fails ($why); modvet check passes (exit $ms) without a word on it"
		fi
		return
	fi
	python3 "$status" go "$d/gomod.json" "$d/go.json" > "$d/go.st"
	python3 "$status" modvet "$d/mv.json" > "$d/mv.st" 2>&1
	same "$d/go.st" 0 "$d/mv.st" 0; r=$?
	echo "RESULT statuses $r $m: $(grep -c ' updated ' "$d/go.st") updates, $(grep -c ' retracted' "$d/go.st") retracted, $(grep -c ' deprecated' "$d/go.st") deprecated"
}

if [ "${1:-}" = --one ]; then
	one_module "$2" "$3"
	exit 0
fi

mv_setup modules
# MODULES_DIFF_ONLY=REGEX runs the modules it matches (by hand).
mods=$(grep -v '^#' "$data/LIST" | awk 'NF { print $1 "@" $2 }' |
    grep -E "${MODULES_DIFF_ONLY:-.}")
count=$(echo "$mods" | wc -w)
plan=$((4 * count))
echo "1..$plan"
skip_all() {
	i=1
	while [ "$i" -le "$plan" ]; do echo "ok $i # SKIP $1"; i=$((i + 1)); done
	exit 0
}
mv_have_go || skip_all "go not found"
[ -z "${MODULES_DIFF_SKIP:-}" ] || skip_all "MODULES_DIFF_SKIP: $MODULES_DIFF_SKIP"
export GOSUMDB=off GOFLAGS=-mod=mod GOTOOLCHAIN=local GOWORK=off \
    GOMODCACHE="$work/gomodcache" GOCACHE="$work/gocache" GOPATH="$work/gopath"
export MODVET_CACHE="$work/cache.db" MODVET srcdir
: "${GOPROXY:=$(go env GOPROXY)}"
export GOPROXY
if ! (cd "$work" && timeout 60 go list -m -versions github.com/google/uuid) > "$work/probe" 2>&1; then
	skip_all "the module proxy ($GOPROXY) cannot be reached: $(head -c 200 "$work/probe")"
fi
# Each module in its own directory; the go command's module cache and
# modvet's cache are shared, as they are on a developer's machine.
k=0
for m in $mods; do
	k=$((k + 1))
	echo "$k $m"
done | MV_WORK="$work" xargs -P "${MODULES_DIFF_JOBS:-6}" -L 1 sh -c \
    'sh "$0" --one "$2" "$MV_WORK/m/$1" > "$MV_WORK/r.$1" 2>&1' \
    "$srcdir/tests/modules-diff.sh"
i=1
for class in buildlist graph versions statuses; do
	eval "same_$class=0 differ_$class=0"
done
k=0
for m in $mods; do
	k=$((k + 1))
	while IFS= read -r line; do
		case $line in
		RESULT\ *)
			set -- $line
			class=$2 r=$3; shift 3
			if [ "$r" = 0 ]; then
				echo "ok $i - $class: $*"
				eval "same_$class=\$((same_$class + 1))"
			else
				echo "not ok $i - $class: $*"
				eval "differ_$class=\$((differ_$class + 1))"
			fi
			i=$((i + 1)) ;;
		*)	echo "$line" | sed 's/^\([^#]\)/# \1/' ;;
		esac
	done < "$work/r.$k"
done
while [ "$i" -le "$plan" ]; do
	echo "not ok $i - a module's run ended early"
	i=$((i + 1))
done
echo "# $count real modules, agreeing with the go command: buildlist $same_buildlist (differ $differ_buildlist), graph $same_graph ($differ_graph), versions $same_versions ($differ_versions), outdated/retracted/deprecated $same_statuses ($differ_statuses)"
