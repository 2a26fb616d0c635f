#!/bin/sh
# Verdicts that must agree with the build: a check never passes when what
# it was asked could not be verified, a skipped check is a finding, and a
# go.mod the go command refuses under -mod=readonly is an error. On the
# seed program (examples/aws-go) against the trees bundled with the
# sources, served by the fake proxy, which refuses (403) what a case
# names, as a proxy that blocks a module does. TAP.
set -u
. "${srcdir:-.}/tests/lib.sh"
mv_setup verdicts
data="$srcdir/tests/data"
roots="--root $data/goproxy-aws --root $srcdir/examples/goproxy-pulumi-sdk --root $data/goproxy-deps"
P=github.com/pulumi/pulumi-aws/sdk/v6
S=github.com/pulumi/pulumi/sdk/v3
echo "1..7"
d="$work/seed"; mkdir -p "$d"
cp "$srcdir/examples/aws-go/go.mod" "$d/go.mod"

# A proxy that answers 403 for the pinned version's .info: nothing proves
# the pin exists, and the go command fails on it too.
mv_fakeproxy deny $roots --deny "/$P/@v/v6.20.0.info" --deny "/$P/@v/v6.20.0.mod"
GOPROXY=$deny MODVET_CACHE="$work/deny.db" "$MODVET" check -C "$d" > "$work/out" 2>&1; st=$?
check "403 on the pinned .info: exit 1, error upstream-unavailable, never unknown-version" \
    '[ $st = 1 ] && grep -q "error upstream-unavailable: $P v6.20.0 could not be checked" "$work/out" &&
    grep -q "403" "$work/out" && ! grep -q "unknown-version: $P v6.20.0" "$work/out"'

# The same behind a proxy that answers 404: proven absent.
mv_fakeproxy good $roots
GOPROXY=$good MODVET_CACHE="$work/good.db" "$MODVET" check -C "$d" > "$work/out" 2>&1; st=$?
check "404 on the pinned .info: exit 1, unknown-version" \
    '[ $st = 1 ] && grep -q "error unknown-version: $P v6.20.0 does not exist" "$work/out"'

# One line says what the findings are, by rule, the most first; so does
# the JSON summary.
GOPROXY=$good MODVET_CACHE="$work/good.db" "$MODVET" check -C "$d" -f json > "$work/out.json" 2>&1
codes=$(sed -n 's/^[[:space:]]*"code":[[:space:]]*"\(.*\)",$/\1/p' "$work/out.json" | sort | uniq -c | sort -k1,1nr -k2 | awk '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $2, $1 }')
rules=$(python3 -c 'import json, sys; r = json.load(open(sys.argv[1]))["summary"]["rules"]; print(", ".join("%s %d" % kv for kv in r.items()))' "$work/out.json")
check "the summary counts the findings by rule, in text and json: ($codes)" \
    'grep -q "go.mod: [0-9].* ($codes)\$" "$work/out" && [ "$rules" = "$codes" ]'

# Every upstream off: nothing could be asked, so not a pass.
GOPROXY=off MODVET_CACHE="$work/off.db" "$MODVET" check -C "$d" > "$work/out" 2>&1; st=$?
check "GOPROXY=off: not a pass (exit $st)" '[ $st != 0 ]'

# A version list the proxy refuses: retractions, deprecation and updates
# of that module were not checked, and the check says so.
f="$work/fixed"; mkdir -p "$f"
printf 'module aws-go\n\ngo 1.21\n\nrequire (\n\t%s v6.20.1\n\t%s v3.104.2\n)\n' "$P" "$S" > "$f/go.mod"
mv_fakeproxy nolist $roots --deny "/$S/@v/list"
GOPROXY=$nolist MODVET_CACHE="$work/nolist.db" "$MODVET" check -C "$f" > "$work/out" 2>&1
check "403 on a version list: a finding says retractions were not checked" \
    'grep -q "warning upstream-unavailable: $S: retractions, deprecation and newer releases could not be checked" "$work/out" &&
    grep -q "403" "$work/out"'

# not-selected fails a -mod=readonly build: an error.
sed "s|$S v3.104.2|$S v3.100.0|" "$f/go.mod" > "$work/half.mod"
mkdir -p "$work/half"; cp "$work/half.mod" "$work/half/go.mod"
GOPROXY=$good MODVET_CACHE="$work/good.db" "$MODVET" check -C "$work/half" > "$work/out" 2>&1; st=$?
check "not-selected is an error (exit 1)" \
    '[ $st = 1 ] && grep -q "error not-selected: $S is pinned at v3.100.0" "$work/out"'

# A "does not exist" cached while the clock was two days ahead must not
# outlive its TTL once the clock is right: the next check asks again.
mv_fakeproxy logged $roots --log "$work/proxy.log"
future=$(( $(date +%s) + 2 * 86400 ))
GOPROXY=$logged MODVET_NOW=$future MODVET_CACHE="$work/clock.db" \
    "$MODVET" check -C "$d" > /dev/null 2>&1
before=$(grep -c "/$P/@v/v6.20.0.info" "$work/proxy.log")
GOPROXY=$logged MODVET_CACHE="$work/clock.db" "$MODVET" check -C "$d" > "$work/out" 2>&1
after=$(grep -c "/$P/@v/v6.20.0.info" "$work/proxy.log")
check "a negative answer from a clock 2 days ahead is asked again ($before -> $after requests)" \
    '[ "$before" -ge 1 ] && [ "$after" -gt "$before" ] && grep -q "unknown-version: $P v6.20.0" "$work/out"'
