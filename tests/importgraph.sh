#!/bin/sh
# The import graph without compiling: the packages (outside the standard
# library) a check loads and the module providing each equal what
# go list -deps -test ./... lists, on the seed program's fixed/ directory
# and on pulumi-random v4.16.0's own code, through this machine's module
# proxy (skipped, saying so, where it cannot be reached). Then fix -w from
# no go.sum at all writes a go.sum with which GOFLAGS=-mod=readonly
# go build succeeds, every line of it one go mod tidy writes; and a zip
# line removed from tidy's go.sum is missing-sum on the next check. TAP.
set -u
. "${srcdir:-.}/tests/lib.sh"
mv_setup importgraph
mv_need_shared
if ! mv_have_go; then
	echo "1..0 # SKIP go not found (go list is the reference)"; exit 0
fi
export GOPROXY=https://proxy.golang.org GOSUMDB=off GONOSUMDB= GOPRIVATE= \
    GONOPROXY= GOFLAGS=-mod=mod GOTOOLCHAIN=local GOWORK=off \
    GOMODCACHE="$work/gomodcache" GOPATH="$work/gopath" GOCACHE="$work/gocache"
if ! "$MODVET" versions golang.org/x/mod > "$work/out" 2>&1; then
	echo "1..0 # SKIP $GOPROXY unreachable: $(tail -1 "$work/out")"; exit 0
fi
echo "1..5"
fx="$MV_SHARED/fixtures"
cp -R "$fx/programs/gitops-pipeline/fixed" "$work/seed"
cp "$work/seed/go.mod.tidy" "$work/seed/go.mod"
cp "$work/seed/go.sum.tidy" "$work/seed/go.sum"
mv_unzip_module "$fx/goproxy-pulumi/github.com/pulumi/pulumi-random/sdk/v4/@v/v4.16.0.zip" \
    github.com/pulumi/pulumi-random/sdk/v4@v4.16.0 "$work/random"
for m in seed random; do
	(cd "$work/$m" && go list -e -deps -test \
	    -f '{{if not .Standard}}{{.ImportPath}} {{with .Module}}{{.Path}}{{end}}{{end}}' ./... 2>/dev/null |
	    grep -v ' \[\|\.test \|\.test$' | grep -v '^$' | LC_ALL=C sort -u) > "$work/$m.go"
	"$MVTOOL" importgraph "$work/$m" 2> "$work/$m.err" | LC_ALL=C sort > "$work/$m.mv"
	want=$(wc -l < "$work/$m.go")
	check "$m: $(wc -l < "$work/$m.mv") packages and their modules = go list -deps -test ./... ($want)" \
	    '[ "$want" -gt 10 ] && cmp -s "$work/$m.go" "$work/$m.mv" ||
	    { { diff "$work/$m.go" "$work/$m.mv" | head -20; cat "$work/$m.err"; } > "$work/out"; false; }'
done

# fix -w from no go.sum: the build accepts the go.sum it writes.
rm -f "$work/seed/go.sum"
"$MODVET" fix -C "$work/seed" -w > "$work/fix.out" 2>&1; fs=$?
(cd "$work/seed" && GOFLAGS=-mod=readonly go build -o "$work/seed.bin" ./...) > "$work/build.out" 2>&1; bs=$?
check "fix -w from no go.sum (exit $fs): GOFLAGS=-mod=readonly go build succeeds (exit $bs)" \
    '[ $fs = 0 ] && [ $bs = 0 ] || { cat "$work/fix.out" "$work/build.out" | tail -20 > "$work/out"; false; }'
LC_ALL=C sort "$work/seed/go.sum" > "$work/fix.sum"
LC_ALL=C sort "$work/seed/go.sum.tidy" > "$work/tidy.sum"
extra=$(LC_ALL=C comm -13 "$work/tidy.sum" "$work/fix.sum" | wc -l)
lack=$(LC_ALL=C comm -23 "$work/tidy.sum" "$work/fix.sum" | wc -l)
check "its $(wc -l < "$work/fix.sum") lines are all lines go mod tidy writes ($extra not; tidy has $lack more, for other platforms and tests of dependencies)" \
    '[ "$extra" = 0 ] || { LC_ALL=C comm -13 "$work/tidy.sum" "$work/fix.sum" > "$work/out"; false; }'

# tidy's go.sum with one zip line removed: missing-sum names that very line.
grep -v '^github.com/pulumi/pulumi-aws/sdk/v6 v6.58.0 h1:' "$work/seed/go.sum.tidy" > "$work/seed/go.sum"
want=$(grep '^github.com/pulumi/pulumi-aws/sdk/v6 v6.58.0 h1:' "$work/seed/go.sum.tidy")
"$MODVET" check -C "$work/seed" -f json > "$work/gone.json" 2>&1
check "tidy's go.sum without pulumi-aws's zip line: missing-sum gives that line back" \
    'grep -q "\"sum_line\":[[:space:]]*\"$want\"" "$work/gone.json" || { cp "$work/gone.json" "$work/out"; false; }'
