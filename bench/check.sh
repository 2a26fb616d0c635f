#!/bin/sh
# Benchmark: "modvet check" of a real go.mod with 248 requirements (that
# of github.com/pulumi/pulumi/pkg/v3 v3.143.0 from the fixture tree, less
# its local "replace ../sdk") against the fake proxy with ${LATENCY} ms of
# latency, next to "go list -m -u -json all" on the same go.mod and proxy:
# both cold (empty caches), then both warm, in one run, with the ratios.
#
# The fixture tree lacks the non-Pulumi dependencies, so the first step
# gathers them once from the Go module proxy (the go command downloading
# into a private module cache, through the fake proxy first); the timed
# runs then see only the fake proxy.
#
# Usage: bench/check.sh [BUILDDIR]   (run from the source tree)
set -eu
srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir=$(cd "${1:-$srcdir}" && pwd)
. "$srcdir/tests/lib.sh"
mv_setup benchcheck
: "${LATENCY:=50}" "${UPSTREAM:=https://proxy.golang.org}"
mv_goenv
mod="$work/m/go.mod"
mkdir -p "$work/m"
sed '/^replace .* => \.\./d' \
    "$FIXTURE/github.com/pulumi/pulumi/pkg/v3/@v/v3.143.0.mod" > "$mod"
nreq=$(grep -cE '^[[:space:]]+[a-z].* v[0-9]' "$mod")

ms() { # command...: wall milliseconds; output in $work/out
	t0=$(date +%s%N)
	"$@" >"$work/out" 2>&1 && st=0 || st=$?
	echo "$(( ($(date +%s%N) - t0) / 1000000 ))"
	[ "$st" = 0 ] || echo "  ($* exited $st: $(tail -1 "$work/out"))" >&2
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

echo "bench/check: gathering the dependencies once from $UPSTREAM" >&2
mv_fakeproxy fix0 --root "$FIXTURE"
(cd "$work/m" && GOPROXY="$fix0,$UPSTREAM" GOMODCACHE="$work/prime" \
    go list -m -u -json all > /dev/null 2>&1) || true
(cd "$work/m" && GOPROXY="$fix0,$UPSTREAM" GOMODCACHE="$work/prime" \
    MODVET_CACHE="$work/prime.db" "$MODVET" check > /dev/null 2>&1) || true
mkdir -p "$work/deps"
(cd "$work/prime/cache/download" && find . \( -name '*.info' -o -name '*.mod' \
    -o -name list \) | while read -r f; do
	mkdir -p "$work/deps/${f%/*}" && cp "$f" "$work/deps/$f"
done)

mv_fakeproxy url --root "$FIXTURE" --root "$work/deps" --latency "$LATENCY"
export GOPROXY="$url" MODVET_CACHE="$work/cache.db"
cd "$work/m"
echo "bench/check: $nreq requirements, fake proxy with $LATENCY ms latency"
mvc=$(ms "$MODVET" check); summary=$(tail -1 "$work/out")
codes=$(sed -n 's/^go.mod:[0-9:]* \(error\|warning\|info\) \([a-z-]*\):.*/\2/p' \
    "$work/out" | sort | uniq -c | awk '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2 }')
[ -n "${KEEP:-}" ] && cp "$work/out" "$KEEP"
goc=$(ms go list -m -u -json all)
mvw=$(ms "$MODVET" check)
gow=$(ms go list -m -u -json all)
echo "cold  modvet check ${mvc} ms   go list -m -u -json all ${goc} ms   modvet/go $(ratio "$mvc" "$goc")"
echo "warm  modvet check ${mvw} ms   go list -m -u -json all ${gow} ms   modvet/go $(ratio "$mvw" "$gow")"
echo "      ($summary: $codes)"
