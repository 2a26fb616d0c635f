#!/bin/sh
# The import graph without compiling: the packages (outside the standard
# library) a check loads and the module providing each equal what
# go list -deps -test ./... lists, on the seed program's fixed/ directory
# and on the own code of pulumi-random v4.16.0, pulumi sdk/v3 v3.143.0 and
# pulumi-awsx sdk/v2 v2.18.0 (which check with no import or symbol
# finding), through this machine's module
# proxy (skipped, saying so, where it cannot be reached). Then fixed/ as
# the fixture has it (two requirements, no go.sum): missing-require, and
# fix -w writes the go.mod and go.sum go mod tidy writes, with which
# GOFLAGS=-mod=readonly go build succeeds; the go.sum again on five
# real modules used as main modules (with go list -mod=readonly), the
# daemon writing what the client does in-process; and a
# zip line removed from tidy's go.sum is missing-sum on the next check.
# TAP.
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
echo "1..17"
fx="$MV_SHARED/fixtures"
cp -R "$fx/programs/gitops-pipeline/fixed" "$work/seed"
cp "$work/seed/go.mod.tidy" "$work/seed/go.mod"
cp "$work/seed/go.sum.tidy" "$work/seed/go.sum"
mv_unzip_module "$fx/goproxy-pulumi/github.com/pulumi/pulumi-random/sdk/v4/@v/v4.16.0.zip" \
    github.com/pulumi/pulumi-random/sdk/v4@v4.16.0 "$work/random"
mv_unzip_module "$fx/goproxy-pulumi/github.com/pulumi/pulumi/sdk/v3/@v/v3.143.0.zip" \
    github.com/pulumi/pulumi/sdk/v3@v3.143.0 "$work/sdk"
mv_unzip_module "$fx/goproxy-pulumi/github.com/pulumi/pulumi-awsx/sdk/v2/@v/v2.18.0.zip" \
    github.com/pulumi/pulumi-awsx/sdk/v2@v2.18.0 "$work/awsxsdk"
for m in seed random sdk awsxsdk; do
	(cd "$work/$m" && go list -e -deps -test \
	    -f '{{if not .Standard}}{{.ImportPath}} {{with .Module}}{{.Path}}{{end}}{{end}}' ./... 2>/dev/null |
	    grep -v ' \[\|\.test \|\.test$' | grep -v '^$' | LC_ALL=C sort -u) > "$work/$m.go"
	"$MVTOOL" importgraph "$work/$m" 2> "$work/$m.err" | LC_ALL=C sort > "$work/$m.mv"
	want=$(wc -l < "$work/$m.go")
	check "$m: $(wc -l < "$work/$m.mv") packages and their modules = go list -deps -test ./... ($want)" \
	    '[ "$want" -gt 10 ] && cmp -s "$work/$m.go" "$work/$m.mv" ||
	    { { diff "$work/$m.go" "$work/$m.mv" | head -20; cat "$work/$m.err"; } > "$work/out"; false; }'
done
# No false positives on real code: the modules' own packages and tests.
for m in random sdk awsxsdk; do
	"$MODVET" check -C "$work/$m" -f json > "$work/$m.json" 2>&1
	check "$m: its own code checks with no import or symbol finding (every package index read)" \
	    'grep -q "\"findings\"" "$work/$m.json" && ! grep -q "were not checked" "$work/$m.json" &&
	    ! grep -q "unknown-package\|unknown-symbol\|no-module\|invalid-source" "$work/$m.json" ||
	    { grep -B2 -A8 "unknown-package\|unknown-symbol\|no-module\|invalid-source" "$work/$m.json" | head -40 > "$work/out"; false; }'
done

# fixed/ as the fixture has it (its go.mod requires only the two SDKs)
# and no go.sum: check says what a -mod=readonly build lacks; fix -w
# writes the go.mod and go.sum go mod tidy wrote, and the build accepts
# them.
cp -R "$fx/programs/gitops-pipeline/fixed" "$work/seedfix"
"$MODVET" check -C "$work/seedfix" -f json > "$work/seedfix.json" 2>&1; cs=$?
# The go command given tidy's go.sum, so that only the go.mod is short.
cp -R "$work/seedfix" "$work/seedgo" && cp "$work/seedgo/go.sum.tidy" "$work/seedgo/go.sum"
(cd "$work/seedgo" && GOFLAGS=-mod=readonly go list -deps ./... ) > "$work/seedfix.go" 2>&1; gs=$?
check "fixed/ as it is: go refuses (exit $gs), check says missing-require (exit $cs)" \
    '[ $gs != 0 ] && grep -q "updates to go.mod needed" "$work/seedfix.go" && [ $cs = 1 ] &&
    grep -q "\"code\":[[:space:]]*\"missing-require\"" "$work/seedfix.json" ||
    { cat "$work/seedfix.go" "$work/seedfix.json" | tail -20 > "$work/out"; false; }'
"$MODVET" fix -C "$work/seedfix" -w > "$work/fix.out" 2>&1; fs=$?
(cd "$work/seedfix" && GOFLAGS=-mod=readonly go build -o "$work/seed.bin" ./...) > "$work/build.out" 2>&1; bs=$?
check "fix -w (exit $fs): its go.mod is go mod tidy's, and GOFLAGS=-mod=readonly go build succeeds (exit $bs)" \
    '[ $fs = 0 ] && [ $bs = 0 ] && cmp -s "$work/seedfix/go.mod" "$work/seedfix/go.mod.tidy" ||
    { { diff "$work/seedfix/go.mod.tidy" "$work/seedfix/go.mod" | head; cat "$work/fix.out" "$work/build.out" | tail -20; } > "$work/out"; false; }'
LC_ALL=C sort "$work/seedfix/go.sum" > "$work/fix.sum"
LC_ALL=C sort "$work/seedfix/go.sum.tidy" > "$work/tidy.sum"
extra=$(LC_ALL=C comm -13 "$work/tidy.sum" "$work/fix.sum" | wc -l)
lack=$(LC_ALL=C comm -23 "$work/tidy.sum" "$work/fix.sum" | wc -l)
check "its $(wc -l < "$work/fix.sum") lines are the lines go mod tidy writes ($extra more, $lack fewer)" \
    '[ "$extra" = 0 ] && [ "$lack" = 0 ] || { diff "$work/tidy.sum" "$work/fix.sum" | head -20 > "$work/out"; false; }'

# Five real modules as main modules, from their own zips: fix -w from no
# go.sum writes the go.sum go mod tidy writes (for every platform, with
# the tests of dependencies: rules-tidy.c), and with it go list
# -mod=readonly loads every package and test of the module.
while read -r name zip mv; do
	mv_unzip_module "$fx/$zip" "$mv" "$work/$name"
	cp -R "$work/$name" "$work/$name.tidy"
	(cd "$work/$name.tidy" && go mod tidy) > "$work/$name.tidy.log" 2>&1; ts=$?
	rm -f "$work/$name/go.sum"
	"$MODVET" fix -C "$work/$name" -w > "$work/$name.fix" 2>&1; fs=$?
	(cd "$work/$name" && GOFLAGS=-mod=readonly go list -deps -test ./... > /dev/null) \
	    > "$work/$name.list" 2>&1; ls=$?
	LC_ALL=C sort "$work/$name.tidy/go.sum" > "$work/$name.want"
	LC_ALL=C sort "$work/$name/go.sum" > "$work/$name.got" 2>/dev/null
	check "$mv: fix -w from no go.sum (exit $fs) writes the $(wc -l < "$work/$name.want") lines go mod tidy writes (exit $ts); go list -mod=readonly -deps -test ./... loads with them (exit $ls)" \
	    '[ $ts = 0 ] && [ $fs = 0 ] && [ $ls = 0 ] && [ -s "$work/$name.want" ] &&
	    cmp -s "$work/$name.want" "$work/$name.got" ||
	    { { diff "$work/$name.want" "$work/$name.got" | head -20; tail -5 "$work/$name.tidy.log" "$work/$name.fix" "$work/$name.list"; } > "$work/out"; false; }'
done <<EOF
sdk143 goproxy-pulumi/github.com/pulumi/pulumi/sdk/v3/@v/v3.143.0.zip github.com/pulumi/pulumi/sdk/v3@v3.143.0
sdk100 goproxy-pulumi/github.com/pulumi/pulumi/sdk/v3/@v/v3.100.0.zip github.com/pulumi/pulumi/sdk/v3@v3.100.0
awsx goproxy-pulumi/github.com/pulumi/pulumi-awsx/sdk/v2/@v/v2.18.0.zip github.com/pulumi/pulumi-awsx/sdk/v2@v2.18.0
random4 goproxy-pulumi/github.com/pulumi/pulumi-random/sdk/v4/@v/v4.16.0.zip github.com/pulumi/pulumi-random/sdk/v4@v4.16.0
aws goproxy-pulumi-aws-zips/github.com/pulumi/pulumi-aws/sdk/v6/@v/v6.58.0.zip github.com/pulumi/pulumi-aws/sdk/v6@v6.58.0
EOF

# Through the daemon (the client sends imports, the daemon reads no
# directory of the caller's): the same go.sum.
mv_start_daemon d --socket "$work/run/d.sock" --cache "$work/d.db" --refresh-interval 0
cp -R "$work/sdk100.tidy" "$work/sdk100.d" && rm -f "$work/sdk100.d/go.sum"
unset MODVET_LOCAL
"$MODVET" --socket "$work/run/d.sock" fix -C "$work/sdk100.d" -w > "$work/sdk100.d.fix" 2>&1; ds=$?
export MODVET_LOCAL=1
check "through the daemon, fix -w from no go.sum (exit $ds) writes the same go.sum as in-process" \
    '[ $ds = 0 ] && cmp -s "$work/sdk100/go.sum" "$work/sdk100.d/go.sum" ||
    { { diff "$work/sdk100/go.sum" "$work/sdk100.d/go.sum" | head; tail -5 "$work/sdk100.d.fix"; } > "$work/out"; false; }'

# tidy's go.sum with one zip line removed: missing-sum names that very line.
grep -v '^github.com/pulumi/pulumi-aws/sdk/v6 v6.58.0 h1:' "$work/seed/go.sum.tidy" > "$work/seed/go.sum"
want=$(grep '^github.com/pulumi/pulumi-aws/sdk/v6 v6.58.0 h1:' "$work/seed/go.sum.tidy")
"$MODVET" check -C "$work/seed" -f json > "$work/gone.json" 2>&1
check "tidy's go.sum without pulumi-aws's zip line: missing-sum gives that line back" \
    'python3 -c "import json, sys; sys.exit(0 if [f[\"sum_lines\"] for f in json.load(open(sys.argv[1]))[\"findings\"] if f[\"code\"] == \"missing-sum\"] == [[sys.argv[2]]] else 1)" "$work/gone.json" "$want" || { cp "$work/gone.json" "$work/out"; false; }'
