#!/bin/sh
# The cron-driven report: two projects (a go.mod on disk, and one in a git
# repository made here, read at a branch with libgit2) and two watched
# modules, over two runs with a new release and a fixed pin in between.
# The second run's HTML must show the new release and the fix, in the
# table and on the timeline. A third run adds a project pinning a version
# that does not exist and two more pins on one release, and bumps an
# outdated pin that stays outdated (not shown as fixed and new). Its page
# is checked in headless Chromium (tests/tools/report-browser.js, where
# playwright-core and axe-core are installed) at 1400 and 390 px, light
# and dark: no overflow, no overlapping label, no serious axe violation.
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
echo "1..18"

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
check "first report: one summary line on standard output, as cron mails it" \
    '[ $(wc -l < "$work/out") = 1 ] && grep -q "^modvet report: needs attention; 2 projects (1 with errors), 1 error, 2 warnings, 0 new, 0 fixed; 2 watched modules, 0 new releases; written to $work/r1.html$" "$work/out"'
check "first report: both projects, the retracted pin, the git project read at main/svc" \
    'grep -q "<h2>alpha" "$work/r1.html" && grep -q "<h2>beta" "$work/r1.html" &&
    grep -q "example.com/ret v1.1.0 was retracted" "$work/r1.html" &&
    ! grep -q "Could not be checked" "$work/r1.html"'
check "first report: a timeline with the pins marked, nothing new yet" \
    'grep -q "<section class=\"timeline\"" "$work/r1.html" &&
    grep -q "alpha pins v1.1.0" "$work/r1.html" &&
    grep -q "beta pins v1.2.0" "$work/r1.html" &&
    ! grep -q "class=\"dot new\" style" "$work/r1.html"'

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
check "second report: exit 0 (nothing needs a person), and no output for cron to mail" \
    '[ $st = 0 ] && [ ! -s "$work/out" ]'
if command -v script >/dev/null 2>&1; then
	script -qec "\"$MODVET\" report --projects \"$work/projects\" --format json -o \"$work/r2t.json\"" /dev/null > "$work/out" 2>&1
	check "on a terminal, the summary line even when nothing needs a person" \
	    'tr "\r" "\n" < "$work/out" | sed "s/^.\[K//" |
	    grep -q "^modvet report: nothing needs attention; 2 projects (0 with errors)"'
else
	n=$((n + 1)); echo "ok $n # SKIP script(1) not installed"
fi
check "second report: the new release in the modules table" \
    'grep -q "<td class=\"newrel\" data-label=\"new\">v1.3.0</td>" "$work/r2.html"'
check "second report: the new release on the timeline" \
    'grep -q "class=\"dot new\" style=\"left:[0-9.]*%\" role=\"img\" aria-label=\"v1.3.0 released 2024-06-01 (new)\"" "$work/r2.html"'
check "second report: the retracted pin shown as fixed" \
    'grep -q "fixed</td><td colspan=\"4\" data-label=\"finding\">retracted example.com/ret@v1.1.0 (since the last report)" "$work/r2.html"'
check "second report: compared with the first" 'grep -q "compared with the report of" "$work/r2.html"'

"$MODVET" report --projects "$work/projects" --format md > "$work/r3.md" 2>"$work/out"
check "markdown: the tables" 'grep -q "^| alpha | 0 |" "$work/r3.md" && grep -q "^| example.com/pd | v1.3.0 |" "$work/r3.md"'
"$MODVET" report --projects "$work/projects" --format json > "$work/r4.json" 2>"$work/out"
check "json: the report as data" 'grep -q "\"needs_attention\":[[:space:]]*false" "$work/r4.json"'
printf 'alpha\n' > "$work/bad-projects"
"$MODVET" report --projects "$work/bad-projects" > "$work/out" 2>&1
check "a bad projects file: exit 2, names the file and line" '[ $? = 2 ] && grep -q "bad-projects:1:" "$work/out"'

# The third run: alpha bumps pd to v1.2.0, still behind v1.3.0; gamma
# pins a pd that was never released; delta pins pd v1.2.0 like beta.
sed -i 's/example.com\/pd v1.1.0/example.com\/pd v1.2.0/' "$work/a/go.mod"
sed -i 's/example.com\/pd v1.1.0/example.com\/pd v1.2.0/' "$work/a/go.sum"
sed -i "s|^example.com/pd v1.2.0/go.mod .*|example.com/pd v1.2.0/go.mod $("$MVTOOL" h1mod "$work/proxy/example.com/pd/@v/v1.2.0.mod")|" "$work/a/go.sum"
mkdir -p "$work/g" "$work/d"
printf 'module example.com/g\n\ngo 1.17\n\nrequire example.com/pd v1.9.0\n' > "$work/g/go.mod"
printf 'module example.com/d\n\ngo 1.17\n\nrequire example.com/pd v1.2.0\n' > "$work/d/go.mod"
printf 'gamma g/go.mod\ndelta d/go.mod\n' >> "$work/projects"
"$MODVET" report --projects "$work/projects" -o "$work/r3.html" > "$work/out" 2>&1
awk '/id="project-1"/,/<\/section>/' "$work/r3.html" > "$work/alpha3.html"
check "third report: a bumped pin still behind is neither fixed nor new" \
    'grep -q "<code>outdated</code> example.com/pd v1.2.0" "$work/alpha3.html" &&
    ! grep -q "outdated example.com/pd[^<]*(since the last report)" "$work/alpha3.html" &&
    ! grep "<code>outdated</code> example.com/pd" "$work/alpha3.html" | grep -q "badge"'
check "third report: the summary table, gamma needing attention" \
    'grep -q "<a href=\"#project-3\">gamma</a></th><td class=\"attention\">needs attention</td><td>1</td>" "$work/r3.html"'
check "third report: the pin to a version that does not exist, on the timeline" \
    'grep -q "class=\"pin missing\" style=\"left:[0-9.]*%\" role=\"img\" aria-label=\"gamma pins v1.9.0, a version that does not exist\"" "$work/r3.html" &&
    grep -q ">gamma v1.9.0 missing</span>" "$work/r3.html"'
check "third report: findings sorted by severity, linked to pkg.go.dev" \
    'awk "/id=\"project-3\"/,/<\/section>/" "$work/r3.html" | grep -o "<tr class=\"[a-z]*\"" | tr "\n" " " |
    grep -q "^<tr class=\"error\" \(<tr class=\"error\" \)*\(<tr class=\"warning\" \)*\(<tr class=\"info\" \)*$" &&
    grep -q "<a href=\"https://pkg.go.dev/example.com/pd?tab=versions\">example.com/pd</a>" "$work/r3.html"'

chromium=$(command -v chromium || command -v chromium-browser || true)
tools=${REPORT_BROWSER_TOOLS:-$srcdir/_ci/tools}
if [ -z "$chromium" ]; then
	n=$((n + 1)); echo "ok $n # SKIP chromium not installed (bootstrap installs it)"
elif [ ! -d "$tools/node_modules/playwright-core" ] ||
    [ ! -f "$tools/node_modules/axe-core/axe.min.js" ] ||
    ! command -v node >/dev/null 2>&1; then
	n=$((n + 1)); echo "ok $n # SKIP playwright-core and axe-core not in $tools/node_modules (.ci/run installs them with npm; or set REPORT_BROWSER_TOOLS)"
else
	mkdir -p "$work/shots"
	pages="$work/r3.html"
	# With ../shared, a page of real size too: the Pulumi program as
	# first written and as fixed, five watched Pulumi SDKs (hundreds of
	# releases over years), from the fixture proxies.
	fx="${MV_SHARED:-}/fixtures"
	if [ -n "${MV_SHARED:-}" ] && [ -d "$fx/goproxy-pulumi" ]; then
		mv_fakeproxy u1 --root "$fx/goproxy-pulumi"
		mv_fakeproxy u2 --root "$fx/goproxy-pulumi-aws-zips"
		mkdir -p "$work/pulumi/seed" "$work/pulumi/fixed"
		cp "$fx/programs/gitops-pipeline/go.mod" "$work/pulumi/seed/"
		cp "$fx/programs/gitops-pipeline/fixed/go.mod" "$work/pulumi/fixed/"
		{
			echo "seed seed/go.mod"
			echo "fixed fixed/go.mod"
			for m in pulumi-aws/sdk/v6 pulumi/sdk/v3 pulumi-random/sdk/v4 \
			    pulumi-tls/sdk/v5 pulumi-command/sdk; do
				echo "watch github.com/pulumi/$m"
			done
		} > "$work/pulumi/projects"
		GOPROXY="$u1,$u2" MODVET_CACHE="$work/pulumi/cache.db" "$MODVET" report \
		    --projects "$work/pulumi/projects" -o "$work/pulumi.html" > "$work/out" 2>&1
		pages="$pages $work/pulumi.html"
	else
		echo "# the Pulumi page is not checked: ../shared/fixtures not found"
	fi
	node "$srcdir/tests/tools/report-browser.js" "$tools" "$chromium" \
	    "$work/shots" $pages > "$work/out" 2>&1
	st=$?
	sed 's/^/# /' "$work/out"
	[ -n "${KEEP_SCREENSHOT:-}" ] && cp "$work"/shots/*.png "$KEEP_SCREENSHOT"/
	npages=$(echo $pages | wc -w)
	check "headless Chromium, 1400 and 390 px, light and dark: no overflow, no overlapping label, no serious axe violation" \
	    '[ $st = 0 ] && [ $(grep -c "^PASS" "$work/out") = $((npages * 4)) ] &&
	    [ $(find "$work/shots" -name "*.png" -size +10k | wc -l) = $((npages * 4)) ] &&
	    { [ $npages = 1 ] || grep -q "^PASS pulumi.html 390px dark: 5 lanes" "$work/out"; }'
fi
