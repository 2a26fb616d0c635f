#!/bin/sh
# Differential test against the go command: for every go.mod of the shared
# fixtures (real go.mod files of released versions), the x/mod testdata and
# tests/data/gomod, "modvet mod-json" must print what "go mod edit -json"
# prints, "modvet mod-fmt" what "go mod edit -print" prints, and where go
# rejects a file modvet must reject it with the same message. TAP output.
set -u

: "${MODVET:=./modvet}"
: "${MV_SHARED:=../shared}"
: "${srcdir:=.}"

if [ ! -d "$MV_SHARED/conformance" ]; then
	echo "1..0 # SKIP $MV_SHARED not found: this test reads the shared conformance vectors (../shared beside the source tree, or configure --with-shared=DIR)"
	exit 0
fi

if ! command -v go >/dev/null 2>&1; then
	echo "1..0 # SKIP go command not found: cannot compare with it"
	exit 0
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/modvet-diff.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

# The go command must not switch toolchains, read a go.work or a module of
# the directory it runs in.
GOTOOLCHAIN=local GOWORK=off GOFLAGS= GOENV=off
export GOTOOLCHAIN GOWORK GOFLAGS GOENV
MODVET=$(cd "$(dirname "$MODVET")" && pwd)/$(basename "$MODVET")
MV_SHARED=$(cd "$MV_SHARED" && pwd)
srcdir=$(cd "$srcdir" && pwd)
export MODVET

# Three groups of files, one TAP result each; every file is listed in the
# log as a comment.
find "$MV_SHARED/fixtures" -name '*.mod' | sort > "$work/group1"
find "$MV_SHARED/conformance/modfile/testdata" -maxdepth 1 \
    \( -name '*.in' -o -name '*.golden' \) | sort > "$work/group2"
find "$srcdir/tests" \( -name '*.mod' -o -name go.mod \) | sort > "$work/group3"

# compare FILE: one result line, "ok FILE" or "not ok FILE: why".
cat > "$work/compare" <<'SCRIPT'
f=$1
abs=$f
cd "$(dirname "$0")" || exit 1
"$MODVET" mod-json "$abs" > j.mv.$$ 2> e.mv.$$; mj=$?
go mod edit -json "$abs" > j.go.$$ 2> e.go.$$; gj=$?
"$MODVET" mod-fmt "$abs" > p.mv.$$ 2>/dev/null
go mod edit -print "$abs" > p.go.$$ 2>/dev/null
sed 's/^modvet: /go: /' e.mv.$$ > e.mv2.$$
why=""
if [ "$mj" -ne 0 ] && [ "$gj" -eq 0 ]; then why="modvet rejects, go accepts"
elif [ "$mj" -eq 0 ] && [ "$gj" -ne 0 ]; then why="modvet accepts, go rejects"
elif ! cmp -s j.mv.$$ j.go.$$; then why="-json output differs"
elif ! cmp -s p.mv.$$ p.go.$$; then why="-print output differs"
elif ! cmp -s e.mv2.$$ e.go.$$; then why="error message differs"
fi
if [ -z "$why" ]; then
	if [ "$gj" -ne 0 ]; then echo "ok $f (both reject)"; else echo "ok $f"; fi
else
	echo "not ok $f: $why"
fi
rm -f j.mv.$$ j.go.$$ e.mv.$$ e.go.$$ e.mv2.$$ p.mv.$$ p.go.$$
SCRIPT

jobs=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)
echo "1..3"
all=0; all_same=0; all_rejected=0; t=0
for g in 1 2 3; do
	case $g in
	1) name="fixture go.mod files ($MV_SHARED/fixtures)" ;;
	2) name="x/mod testdata (conformance/modfile/testdata)" ;;
	3) name="go.mod files of tests/" ;;
	esac
	xargs -P "$jobs" -n 1 sh "$work/compare" < "$work/group$g" \
	    > "$work/results$g"
	total=$(wc -l < "$work/results$g")
	same=$(grep -c '^ok ' "$work/results$g")
	rejected=$(grep -c '(both reject)' "$work/results$g")
	sort -k2 "$work/results$g" | sed 's/^/# /'
	t=$((t + 1))
	if [ "$same" -eq "$total" ] && [ "$total" -gt 0 ]; then
		echo "ok $t - $name: $total files, all identical ($rejected rejected by both)"
	else
		echo "not ok $t - $name: $total files, $((total - same)) differing"
	fi
	all=$((all + total)); all_same=$((all_same + same))
	all_rejected=$((all_rejected + rejected))
done
echo "# compared $all files with go: $all_same identical (of which $all_rejected rejected by both), $((all - all_same)) differing"
