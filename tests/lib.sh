# Helpers for the shell tests (sourced). Each test gets a private work
# directory, removed on exit with every server it started.
#
#	mv_setup NAME		make $work and the exit trap
#	mv_fakeproxy VAR ARGS	start tests/fakeproxy with ARGS, wait for its
#				readiness line, set VAR to its URL
#	mv_goenv		the go command's environment for a fake proxy
#				in $GOPROXY (private caches, no sum database)
#	mv_unzip_module ZIP M@V DIR  unpack a module zip as a main module
#	mv_need_shared		skip the whole test, saying why, when
#				../shared (fixtures, conformance) is absent
#	ok, notok, check, skip	TAP lines numbered by $n (check DESC EXPR:
#				ok when EXPR holds; notok shows $work/out)
#	mv_start_daemon NAME ARGS  start $MODVETD with ARGS, its log in
#				$work/NAME.log, wait for its readiness line;
#				its pid in $pid
# The checksum database is off unless a test turns it on (tests/sumdb.sh):
# the fixture proxies serve none, and a test must not reach the network
# by surprise.
export GOSUMDB=off
: "${builddir:=.}"
: "${MODVET:=$builddir/modvet}"
: "${MVTOOL:=$builddir/tests/tools/mvtool}"
: "${FAKEPROXY:=$builddir/tests/fakeproxy}"
: "${MV_SHARED:=$(cd "$(dirname "$0")/../.." && pwd)/shared}"
FIXTURE="$MV_SHARED/fixtures/goproxy-pulumi"
mv_pids=""

# (Under set -e, as in the benches, a failed kill of a server that had
# already stopped ended the trap there: the exit status was 1 and $work,
# with its read-only Go module cache, stayed behind.)
mv_cleanup() {
	for p in $mv_pids; do kill "$p" 2>/dev/null || true; done
	for p in $mv_pids; do wait "$p" 2>/dev/null || true; done
	if [ -n "${work:-}" ]; then
		chmod -R u+w "$work" 2>/dev/null || true
		rm -rf "$work"
	fi
}

mv_setup() {
	work=$(mktemp -d "${TMPDIR:-/tmp}/modvet-$1.XXXXXX")
	trap mv_cleanup EXIT
	trap 'exit 1' INT TERM
	export MODVET_CACHE="$work/cache.db" MODVET_GITDIR="$work/git"
	export XDG_CACHE_HOME="$work/xdg-cache" GOENV=off
	# The engine runs in the test process unless a test asks for modvetd;
	# any daemon a test starts lives under its own work directory.
	export MODVET_LOCAL=1 XDG_RUNTIME_DIR="$work/run"
	mkdir -m 0700 "$work/run"
}

# Start a fake proxy; its URL goes into the variable named $1.
mv_fakeproxy() {
	var=$1; shift
	log="$work/fakeproxy.$$.$(date +%s%N).out"
	"$FAKEPROXY" "$@" >"$log" 2>&1 &
	mv_pids="$mv_pids $!"
	i=0
	while ! grep -q '^fakeproxy listening on ' "$log" 2>/dev/null; do
		i=$((i + 1))
		if [ "$i" -gt 100 ]; then
			echo "Bail out! fakeproxy did not start: $(cat "$log")"
			exit 1
		fi
		sleep 0.05
	done
	eval "$var=\$(sed -n 's/^fakeproxy listening on //p' \"\$log\")"
}

# The scenario modules of tests/scenarios: their proxy built from
# proxy.spec and served (GOPROXY exported, for modvet and the go command,
# with mv_goenv), their local replacements copied beside, and their names
# in $cases; $sdir is tests/scenarios.
mv_scenarios() {
	sdir="$srcdir/tests/scenarios"
	sh "$sdir/mkproxy.sh" "$sdir/proxy.spec" "$work/proxy"
	mv_fakeproxy url --root "$work/proxy"
	export GOPROXY="$url"
	mv_goenv
	cp -R "$sdir/local" "$work/local"
	cases=$(cd "$sdir/cases" && ls *.mod | sed 's/\.mod$//')
}

# The go command against $GOPROXY only, with its own caches.
mv_goenv() {
	export GOSUMDB=off GONOSUMDB='*' GOFLAGS=-mod=mod GOTOOLCHAIN=local \
	    GOMODCACHE="$work/gomodcache" GOCACHE="$work/gocache" \
	    GOPATH="$work/gopath" GOWORK=off GOPRIVATE= GONOPROXY= \
	    GOINSECURE=
}

# Unpack module MODULE@VERSION's zip ZIP into DIR, as its main module.
mv_unzip_module() {
	python3 - "$1" "$2" "$3" <<'PY'
import os, sys, zipfile
z, pre, out = zipfile.ZipFile(sys.argv[1]), sys.argv[2] + "/", sys.argv[3]
for n in z.namelist():
    if n.startswith(pre) and not n.endswith("/"):
        p = os.path.join(out, n[len(pre):])
        os.makedirs(os.path.dirname(p), exist_ok=True)
        open(p, "wb").write(z.read(n))
PY
}

# TAP results, numbered in $n; a failure shows $work/out (what the
# failing command answered) when there is one.
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
notok() { n=$((n + 1)); echo "not ok $n - $*"; [ -f "$work/out" ] && awk '{ print "#   " $0 }' "$work/out" | head -20; }
check() { if eval "$2"; then ok "$1"; else notok "$1"; fi; }
skip() { n=$((n + 1)); echo "ok $n # SKIP $*"; }

# Start modvetd; bail out when it does not come up.
mv_start_daemon() {
	name=$1; shift
	"${MODVETD:-$builddir/modvetd}" "$@" > "$work/$name.log" 2>&1 &
	pid=$!
	mv_pids="$mv_pids $pid"
	i=0
	until grep -q "modvetd: ready" "$work/$name.log" 2>/dev/null; do
		i=$((i + 1))
		if [ $i -gt 200 ] || ! kill -0 "$pid" 2>/dev/null; then
			echo "Bail out! modvetd did not start: $(cat "$work/$name.log")"
			exit 1
		fi
		sleep 0.05
	done
}

# The scenario modules' proxy (tests/scenarios) served by a fake proxy, the
# go environment pointed at it, and one daemon on $sock with the cache
# $work/c.db (and the daemon options given). remote runs the client
# through that daemon; local_ runs it in-process on the same cache, so a
# test can compare the two doors.
mv_scenario_daemon() {
	sdir="$srcdir/tests/scenarios"
	sh "$sdir/mkproxy.sh" "$sdir/proxy.spec" "$work/proxy"
	mv_fakeproxy url --root "$work/proxy"
	export GOPROXY="$url" GOSUMDB=off GOFLAGS= GOPRIVATE= GONOPROXY=
	unset MODVET_LOCAL
	sock="$work/run/d/modvetd.sock"
	mv_start_daemon d --socket "$sock" --cache "$work/c.db" \
	    --refresh-interval 0 "$@"
}
remote() { "$MODVET" --socket "$sock" --no-autostart "$@"; }
local_() { MODVET_LOCAL=1 MODVET_CACHE="$work/c.db" "$MODVET" "$@"; }

# A clone of the repository alone has no ../shared: skip with the reason.
mv_need_shared() {
	if [ ! -d "$MV_SHARED/fixtures" ] || [ ! -d "$MV_SHARED/conformance" ]; then
		echo "1..0 # SKIP $MV_SHARED not found: this test reads the shared fixture proxies and conformance vectors (../shared beside the source tree, or configure --with-shared=DIR)"
		exit 0
	fi
}

mv_have_go() {
	command -v go >/dev/null 2>&1
}

# The module paths of a GOPROXY tree's INDEX.tsv.
mv_fixture_modules() {
	cut -f1 "$1/INDEX.tsv" | sed 1d | sort -u
}
