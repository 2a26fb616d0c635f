#!/bin/sh
# modvetd's normal run under valgrind: start, answer every kind of route
# (check and fix of the Pulumi example, versions, one version, watch,
# metrics, a bad request, a workspace's check and graph, a module that
# does not exist refused), refresh the watch list once, stop on SIGTERM.
# valgrind must report no error and no leak. Skipped in the sanitizer
# build (ASan and valgrind do not mix) and where valgrind is missing. TAP.
set -u
. "${srcdir:-.}/tests/lib.sh"
mv_setup valgrind
mv_need_shared
: "${MODVETD:=$builddir/modvetd}"
if [ "${MV_SANITIZERS:-no}" != no ]; then
	echo "1..0 # SKIP sanitizer build: valgrind runs on the plain build"
	exit 0
fi
if ! command -v valgrind >/dev/null 2>&1 || ! command -v curl >/dev/null 2>&1; then
	echo "1..0 # SKIP valgrind or curl not found"; exit 0
fi
data="$srcdir/tests/data"
mv_fakeproxy url --root "$data/goproxy-aws" --root "$FIXTURE" \
    --root "$data/goproxy-deps"
export GOPROXY="$url"
sock="$work/run/v/modvetd.sock"
echo "1..2"
valgrind --leak-check=full --show-leak-kinds=definite,indirect,possible \
    --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 \
    --suppressions="$srcdir/tests/valgrind.supp" --log-file="$work/vg.log" \
    "$MODVETD" --socket "$sock" --cache "$work/vg.db" --threads 2 \
    --refresh-interval 3600 > "$work/d.log" 2>&1 &
vpid=$!
i=0
until grep -q "modvetd: ready" "$work/d.log" 2>/dev/null; do
	i=$((i + 1))
	if [ $i -gt 600 ]; then echo "Bail out! modvetd under valgrind did not start"; exit 1; fi
	sleep 0.1
done
c() { curl -s -o /dev/null -w '%{http_code} ' --unix-socket "$sock" "$@"; }
# A workspace of the example (check of its go.work: 200; its graph: 502,
# the example pins a version that does not exist), whose go.work replaces
# a module by a directory the client could not read.
python3 - "$srcdir/examples/aws-go/go.mod" > "$work/ws.json" <<'PY'
import json, sys
gomod = open(sys.argv[1]).read()
print(json.dumps({"file": "go.work",
    "gowork": "go 1.21\n\nuse ./a\n\nreplace example.com/gone => ./gone\n",
    "modules": {"./a": gomod},
    "unreadable": {"./gone": "reading gone/go.mod: No such file or directory"}}))
PY
codes=$(
	c --data-binary @"$srcdir/examples/aws-go/go.mod" http://m/v1/check
	c --data-binary @"$srcdir/examples/aws-go/go.mod" http://m/v1/fix
	c http://m/v1/modules/github.com/pulumi/pulumi-aws/sdk/v6/versions?details=1
	c http://m/v1/modules/github.com/pulumi/pulumi-aws/sdk/v6/@v/v6.20.1
	c --data-binary github.com/pulumi/pulumi-aws/sdk/v6 http://m/v1/watch
	c -X DELETE http://m/v1/watch/github.com/pulumi/pulumi-aws/sdk/v6
	c http://m/metrics
	c -H "Content-Type: application/json" --data-binary '{bad' http://m/v1/check
	c -H "Content-Type: application/json" --data-binary @"$work/ws.json" http://m/v1/check
	c -H "Content-Type: application/json" --data-binary @"$work/ws.json" http://m/v1/graph
	c --data-binary example.com/absent http://m/v1/watch
)
if [ "$codes" = "200 200 200 200 201 200 200 400 200 502 404 " ]; then
	echo "ok 1 - every route answered under valgrind: $codes"
else
	echo "not ok 1 - answers under valgrind: $codes"
fi
sleep 1	# the refresher's first round
kill -TERM "$vpid"
wait "$vpid"; st=$?
summary=$(grep -E "ERROR SUMMARY|definitely lost|indirectly lost|possibly lost" "$work/vg.log" | sed 's/^==[0-9]*== *//' | tr '\n' ';')
if [ "$st" = 0 ] && grep -q "ERROR SUMMARY: 0 errors" "$work/vg.log"; then
	echo "ok 2 - valgrind: no errors, no leaks ($summary)"
else
	echo "not ok 2 - valgrind (exit $st): $summary"
	grep -A12 "blocks are\|Invalid\|uninitialised" "$work/vg.log" | head -60 | sed 's/^/# /'
fi
