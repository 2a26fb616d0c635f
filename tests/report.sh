#!/bin/sh
# The cron-driven report: two projects (a go.mod on disk, and one in a git
# repository made here, read at a branch with libgit2) and two watched
# modules, over two runs with a new release and a fixed pin in between.
# The second run's HTML must show the new release and the fix, in the
# table and on the SVG timeline; the page is rendered by headless
# Chromium (a screenshot, no console errors) where Chromium is installed.
# TAP.
set -u
. "${srcdir:-.}/tests/lib.sh"
mv_setup report
sdir="$srcdir/tests/scenarios"
sh "$sdir/mkproxy.sh" "$sdir/proxy.spec" "$work/proxy"
mv_fakeproxy url --root "$work/proxy"
export GOPROXY="$url"
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com \
    GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
notok() { n=$((n + 1)); echo "not ok $n - $*"; }
check() { if eval "$2"; then ok "$1"; else notok "$1"; awk '{ print "#   " $0 }' "$work/out" 2>/dev/null | head -20; fi; }
echo "1..12"

# Project a: on disk, pinning a retracted version.
mkdir -p "$work/a"
printf 'module example.com/a\n\ngo 1.17\n\nrequire (\n\texample.com/ret v1.1.0\n\texample.com/pd v1.1.0\n)\n' > "$work/a/go.mod"
# Project b: in git, in the svc/ directory of branch main.
mkdir -p "$work/repo/svc"
printf 'module example.com/b\n\ngo 1.17\n\nrequire example.com/pd v1.2.0\n' > "$work/repo/svc/go.mod"
(cd "$work/repo" && git -c init.defaultBranch=main init -q && git add . &&
    git commit -qm b) || { echo "Bail out! git"; exit 1; }
{
	echo "# name   source"
	echo "alpha    a/go.mod"
	echo "beta     git file://$work/repo main svc"
	echo "watch example.com/pd"
	echo "watch example.com/ret"
} > "$work/projects"

"$MODVET" report --projects "$work/projects" -o "$work/r1.html" > "$work/out" 2>&1
st=$?
check "first report: exit 1 (a retracted pin needs a person)" '[ $st = 1 ]'
check "first report: both projects, the retracted pin, the git project read at main/svc" \
    'grep -q "<h2>alpha" "$work/r1.html" && grep -q "<h2>beta" "$work/r1.html" &&
    grep -q "example.com/ret v1.1.0 was retracted" "$work/r1.html" &&
    ! grep -q "Could not be checked" "$work/r1.html"'
check "first report: an SVG timeline with the pins marked, nothing new yet" \
    'grep -q "<svg " "$work/r1.html" && grep -q "alpha pins v1.1.0" "$work/r1.html" &&
    grep -q "beta pins v1.2.0" "$work/r1.html" && ! grep -q "class=\"new\"" "$work/r1.html"'

# Between the runs: pd v1.3.0 is released, alpha moves off the retracted pin.
printf 'v1.3.0\n' >> "$work/proxy/example.com/pd/@v/list"
printf '{"Version":"v1.3.0","Time":"2024-06-01T00:00:00Z"}\n' > "$work/proxy/example.com/pd/@v/v1.3.0.info"
printf 'module example.com/pd\n\ngo 1.17\n' > "$work/proxy/example.com/pd/@v/v1.3.0.mod"
sed -i 's/example.com\/ret v1.1.0/example.com\/ret v1.2.0/' "$work/a/go.mod"
# (with the go.sum the new pin needs, so that the fix brings no new warning)
for m in "ret v1.2.0" "pd v1.1.0"; do
	set -- $m
	echo "example.com/$1 $2/go.mod $("$MVTOOL" h1mod "$work/proxy/example.com/$1/@v/$2.mod")"
done > "$work/a/go.sum"

"$MODVET" report --projects "$work/projects" -o "$work/r2.html" > "$work/out" 2>&1
st=$?
check "second report: exit 0 (nothing needs a person)" '[ $st = 0 ]'
check "second report: the new release in the modules table" \
    'grep -q "<td class=\"newrel\">v1.3.0</td>" "$work/r2.html"'
check "second report: the new release on the timeline" \
    'grep -q "class=\"new\"><title>v1.3.0 2024-06-01 (new)</title>" "$work/r2.html"'
check "second report: the retracted pin shown as fixed" \
    'grep -q "<td>fixed</td><td colspan=\"3\">retracted example.com/ret@v1.1.0 (since the last report)" "$work/r2.html"'
check "second report: compared with the first" 'grep -q "compared with the report of" "$work/r2.html"'

"$MODVET" report --projects "$work/projects" --format md > "$work/r3.md" 2>"$work/out"
check "markdown: the tables" 'grep -q "^| alpha | 0 |" "$work/r3.md" && grep -q "^| example.com/pd | v1.3.0 |" "$work/r3.md"'
"$MODVET" report --projects "$work/projects" --format json > "$work/r4.json" 2>"$work/out"
check "json: the report as data" 'grep -q "\"needs_attention\":[[:space:]]*false" "$work/r4.json"'
printf 'alpha\n' > "$work/bad-projects"
"$MODVET" report --projects "$work/bad-projects" > "$work/out" 2>&1
check "a bad projects file: exit 2, names the file and line" '[ $? = 2 ] && grep -q "bad-projects:1:" "$work/out"'

chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
	echo "ok $((n + 1)) # SKIP chromium not installed"
	exit 0
fi
"$chromium" --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update \
    --disable-sync --user-data-dir="$work/chromium" --enable-logging=stderr \
    --v=0 --window-size=1100,1200 --screenshot="$work/r2.png" \
    "file://$work/r2.html" > "$work/out" 2>&1
[ -n "${KEEP_SCREENSHOT:-}" ] && cp "$work/r2.png" "$KEEP_SCREENSHOT"
check "headless Chromium renders the page: a screenshot, no console errors" \
    '[ -s "$work/r2.png" ] && [ $(wc -c < "$work/r2.png") -gt 10000 ] &&
    ! grep -q "CONSOLE" "$work/out"'
