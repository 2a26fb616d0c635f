#!/bin/sh
# SARIF for GitHub code scanning, judged by Microsoft's validator
# (sarif-multitool validate --rule-kind Gh;Ghas, from the npm registry;
# .ci/run installs it and sets SARIF_MULTITOOL): the seed program's check
# and a go.mod that does not parse, in a git repository, in a directory
# whose name has a space. Without the validator, the properties it checks
# are asserted directly. TAP.
set -u
. "${srcdir:-.}/tests/lib.sh"
mv_setup sarif
export GOPROXY=off GOFLAGS= GOPRIVATE= GONOPROXY=
repo="$work/repo"
d="$repo/with space"
mkdir -p "$d" "$repo/broken"
git -C "$repo" init -q 2>/dev/null || mkdir -p "$repo/.git"
cp "$srcdir/examples/aws-go/go.mod" "$d/go.mod"
printf 'module m\n\ngo 1.21\n\nrequire (\n\texample.com/a\n)\nbogus line\n' > "$repo/broken/go.mod"

echo "1..6"
(cd "$d" && "$MODVET" check -f sarif) > "$work/seed.sarif" 2>/dev/null
(cd "$repo/broken" && "$MODVET" check -f sarif) > "$work/broken.sarif" 2>/dev/null; st=$?
check "seed: URIs relative to the repository root, percent-encoded, under %SRCROOT%" \
    'grep -q "\"uri\":[[:space:]]*\"with%20space/go.mod\"" "$work/seed.sarif" &&
    grep -q "\"uriBaseId\":[[:space:]]*\"%SRCROOT%\"" "$work/seed.sarif" &&
    grep -q "\"%SRCROOT%\":[[:space:]]*{" "$work/seed.sarif"'
check "seed: every rule has shortDescription, fullDescription and help; every result a fingerprint" \
    '[ "$(grep -c "\"shortDescription\"" "$work/seed.sarif")" = "$(grep -c "\"defaultConfiguration\"" "$work/seed.sarif")" ] &&
    [ "$(grep -c "\"ruleId\"" "$work/seed.sarif")" = "$(grep -c "\"modvetFinding/v1\"" "$work/seed.sarif")" ] &&
    grep -q "\"help\"" "$work/seed.sarif"'
check "a go.mod that does not parse: exit 1, a result at each bad line" \
    '[ $st = 1 ] && grep -q "\"ruleId\":[[:space:]]*\"invalid-gomod\"" "$work/broken.sarif" &&
    grep -q "\"startLine\":[[:space:]]*6" "$work/broken.sarif" && grep -q "\"startLine\":[[:space:]]*8" "$work/broken.sarif"'
tool=${SARIF_MULTITOOL:-}
[ -z "$tool" ] && command -v sarif-multitool >/dev/null 2>&1 && tool=sarif-multitool
if [ -n "$tool" ] && [ -x "$tool" ] || command -v "$tool" >/dev/null 2>&1; then
	for f in seed broken; do
		rm -f "$work/$f.val"
		"$tool" validate --rule-kind 'Gh;Ghas' --output "$work/$f.val" "$work/$f.sarif" > "$work/out" 2>&1
		check "$f: sarif-multitool validate --rule-kind Gh;Ghas finds nothing" \
		    '[ -s "$work/$f.val" ] && ! grep -q "\"level\": *\"\(error\|warning\)\"" "$work/$f.val" ||
		    { cat "$work/$f.val" >> "$work/out"; false; }'
	done
	# The validator must be able to fail: SARIF without what GitHub needs.
	sed 's/"help"/"nohelp"/; s/"shortDescription"/"noShort"/' "$work/seed.sarif" > "$work/bad.sarif"
	rm -f "$work/bad.val"
	"$tool" validate --rule-kind 'Gh;Ghas' --output "$work/bad.val" "$work/bad.sarif" > "$work/out" 2>&1
	check "the validator flags SARIF whose rules lack help" \
	    'grep -q "\"level\": *\"error\"" "$work/bad.val"'
else
	for i in 1 2 3; do
		n=$((n + 1)); echo "ok $n # SKIP sarif-multitool not found (npm @microsoft/sarif-multitool; .ci/run installs it and sets SARIF_MULTITOOL)"
	done
fi
