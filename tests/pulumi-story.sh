#!/bin/sh
# The motivating case, on real release data: a generated Pulumi program
# (examples/aws-go) pins github.com/pulumi/pulumi-aws/sdk/v6 v6.20.0, which
# was never published, with github.com/pulumi/pulumi/sdk/v3 v3.100.0, too
# old for any provider near it. Served by the fake proxy from
# tests/data/goproxy-aws (pulumi-aws), ../shared/fixtures/goproxy-pulumi
# (pulumi/sdk/v3) and tests/data/goproxy-deps (their dependencies).
# modvet must say unknown-version with the upstream's 404, suggest a
# working pair, and its fix must give a go.mod and go.sum with which the go
# command succeeds under -mod=readonly and which modvet then finds clean.
# TAP.
set -u
. "${srcdir:-.}/tests/lib.sh"
mv_setup story
mv_need_shared
data="$srcdir/tests/data"
mv_fakeproxy url --root "$data/goproxy-aws" --root "$FIXTURE" \
    --root "$data/goproxy-deps"
export GOPROXY="$url"
mv_goenv
P=github.com/pulumi/pulumi-aws/sdk/v6
S=github.com/pulumi/pulumi/sdk/v3
echo "1..10"
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
notok() { n=$((n + 1)); echo "not ok $n - $*"; awk '{ print "#   " $0 }' "$work/out" | head -40; }
skip() { n=$((n + 1)); echo "ok $n # SKIP $*"; }

d="$work/aws-go"
mkdir -p "$d"
cp "$srcdir/examples/aws-go/go.mod" "$d/go.mod"
cd "$d"

# 1-2: the finding, its evidence and the suggestion.
"$MODVET" check > "$work/out" 2>&1; st=$?
if [ $st = 1 ] &&
    grep -q "error unknown-version: $P v6.20.0 does not exist" "$work/out" &&
    grep -q "evidence: GET .*/$P/@v/v6.20.0.info: 404" "$work/out" &&
    grep -q "nearest: v6.19.0 below, v6.20.1 above" "$work/out" &&
    grep -q "suggest: pin $P v6.20.1, which needs $S v3.104.2" "$work/out"; then
	ok "check: unknown-version v6.20.0 (404), nearest v6.19.0/v6.20.1, suggests v6.20.1 + $S v3.104.2"
else
	notok "check of the generated program (exit $st)"
fi
"$MODVET" check -f json > "$work/out" 2>&1
if grep -q '"version":[[:space:]]*"v6.20.1"' "$work/out" &&
    grep -q "\"module\":[[:space:]]*\"$S\"" "$work/out" &&
    grep -q '"version":[[:space:]]*"v3.104.2"' "$work/out"; then
	ok "check -f json: the same suggestion with its companion"
else
	notok "check -f json"
fi

# 3: the go command agrees that the pin is broken.
if ! mv_have_go; then
	skip "go not found"
elif GOFLAGS=-mod=readonly go list -m all > "$work/out" 2>&1; then
	notok "go list -m all accepted v6.20.0"
else
	grep -q "v6.20.0" "$work/out" && ok "go list -m all fails on v6.20.0 too" ||
	    notok "go list -m all failed, but not on v6.20.0"
fi

# 4-5: the provider fixed by hand, the SDK left behind: not-selected, and
# the go command refuses the untidy go.mod under -mod=readonly.
sed "s|$P v6.20.0|$P v6.20.1|" "$srcdir/examples/aws-go/go.mod" > go.mod
"$MODVET" check > "$work/out" 2>&1; st=$?
# An error, exit 1: the go command's -mod=readonly build fails on it.
if [ $st = 1 ] && grep -q "error not-selected: $S is pinned at v3.100.0 but the build uses v3.104.2" "$work/out" &&
    grep -q "evidence: aws-go -> $P@v6.20.1 requires $S@v3.104.2" "$work/out"; then
	ok "check: not-selected $S v3.100.0 < v3.104.2 is an error (exit 1), required by $P@v6.20.1"
else
	notok "check of the half-fixed go.mod"
fi
# (With the go.sum lines it needs, so that only tidiness is in question.)
for m in "$P v6.20.1" "$S v3.100.0"; do
	set -- $m
	f="$data/goproxy-aws/$1/@v/$2.mod"
	[ -f "$f" ] || f="$FIXTURE/$1/@v/$2.mod"
	echo "$1 $2/go.mod $("$MVTOOL" h1mod "$f")"
done > go.sum
if ! mv_have_go; then
	skip "go not found"
elif GOFLAGS=-mod=readonly go list -m all > "$work/out" 2>&1; then
	notok "go list -m all accepted the untidy go.mod"
elif grep -q "updates to go.mod needed" "$work/out"; then
	ok "go list -m all -mod=readonly refuses it too: $(head -1 "$work/out")"
else
	notok "go list -m all failed for another reason"
fi
rm go.sum

# 6: fix, from the generated program.
cp "$srcdir/examples/aws-go/go.mod" go.mod
"$MODVET" fix -w > "$work/out" 2>&1; st=$?
if [ $st = 0 ] && grep -q "^	$P v6.20.1$" go.mod &&
    grep -q "^	$S v3.104.2$" go.mod && grep -q "^$P v6.20.1/go.mod h1:" go.sum; then
	ok "fix -w: $P v6.20.1, $S v3.104.2, and their go.sum lines"
else
	notok "fix -w (exit $st)"
fi

# 7-9: the go command accepts the result read-only, and agrees with modvet.
if ! mv_have_go; then
	skip "go not found"; skip "go not found"; skip "go not found"
else
	if GOFLAGS=-mod=readonly go list -m all > "$work/go.list" 2>"$work/out" &&
	    GOFLAGS=-mod=readonly go mod graph > "$work/go.graph" 2>>"$work/out"; then
		ok "go list -m all and go mod graph succeed with -mod=readonly ($(wc -l < "$work/go.list") modules, $(wc -l < "$work/go.graph") edges)"
	else
		notok "go refuses the fixed go.mod"
	fi
	"$MODVET" buildlist > "$work/mv.list" 2>"$work/out"
	if cmp -s "$work/mv.list" "$work/go.list"; then
		ok "modvet buildlist = go list -m all"
	else
		diff "$work/go.list" "$work/mv.list" > "$work/out"; notok "buildlist differs"
	fi
	"$MODVET" graph > "$work/mv.graph" 2>"$work/out"
	if cmp -s "$work/mv.graph" "$work/go.graph"; then
		ok "modvet graph = go mod graph"
	else
		diff "$work/go.graph" "$work/mv.graph" > "$work/out"; notok "graph differs"
	fi
fi

# 10: and modvet finds it clean.
"$MODVET" check > "$work/out" 2>&1; st=$?
if [ $st = 0 ] && grep -q "go.mod: 0 errors, 0 warnings" "$work/out"; then
	ok "check after the fix: $(tail -1 "$work/out")"
else
	notok "check after the fix (exit $st)"
fi
