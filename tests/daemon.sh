#!/bin/sh
# modvetd, driven through both doors: curl and modvet over the Unix socket,
# curl over TCP with its token. Every route, the formats, autostart, token
# enforcement, socket permissions, a second daemon refused, the body cap,
# malformed JSON and go.mod bodies (a clear 4xx, the daemon still serving),
# SIGHUP (a good and a bad configuration), SIGTERM with a request in
# flight. The fake proxy serves the Pulumi story's trees. TAP.
set -u
. "${srcdir:-.}/tests/lib.sh"
mv_setup daemon
mv_need_shared
: "${MODVETD:=$builddir/modvetd}"
if ! command -v curl >/dev/null 2>&1; then
	echo "1..0 # SKIP curl not found"; exit 0
fi
data="$srcdir/tests/data"
mv_fakeproxy url --root "$data/goproxy-aws" --root "$FIXTURE" \
    --root "$data/goproxy-deps"
mv_fakeproxy slow --root "$data/goproxy-aws" --root "$FIXTURE" \
    --root "$data/goproxy-deps" --latency 1500
export GOPROXY="$url"
unset MODVET_LOCAL
sock="$work/run/modvet/modvetd.sock"
P=github.com/pulumi/pulumi-aws/sdk/v6

start() { mv_start_daemon "$@"; }
u() { curl -s -o "$work/out" -w '%{http_code}' --unix-socket "$sock" "$@"; }
t() { curl -s -o "$work/out" -w '%{http_code}' "$@"; }

echo "1..61"
printf 'sixteen-chars-or-more-token\n' > "$work/token"
chmod 600 "$work/token"
cat > "$work/modvetd.conf" <<EOF
# a throw-away configuration
socket = $sock
cache = $work/daemon.db
refresh-interval = 0
projects-file = $work/projects
EOF
start d --config "$work/modvetd.conf" --listen 127.0.0.1:0 \
    --token-file "$work/token" --max-body 65536
dpid=$pid
port=$(sed -n 's/.*and tcp:127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/d.log")

# Socket and its directory.
check "socket is 0600" '[ "$(stat -c %a "$sock")" = 600 ]'
check "socket directory is 0700" '[ "$(stat -c %a "$(dirname "$sock")")" = 700 ]'
"$MODVETD" --socket "$sock" --cache "$work/other.db" > "$work/out" 2>&1
check "a second daemon on the same socket refuses to start" \
    '[ $? != 0 ] && grep -q "another modvetd is serving this socket" "$work/out"'
"$MODVETD" --socket "$work/x.sock" --listen 0.0.0.0:0 > "$work/out" 2>&1
check "TCP off loopback without a token is refused" \
    '[ $? != 0 ] && grep -q "needs a token" "$work/out"'
check "modvetd --check says configuration OK" \
    '"$MODVETD" --config "$work/modvetd.conf" --check | grep -q "configuration OK"'

# Routes over the socket.
check "GET /v1/health" '[ "$(u http://m/v1/health)" = 200 ] && grep -q "\"status\":\"ok\"" "$work/out"'
check "GET /v1/version" '[ "$(u http://m/v1/version)" = 200 ] && grep -q "\"protocol\":1" "$work/out"'
check "GET versions: times, retractions, origin" \
    '[ "$(u http://m/v1/modules/$P/versions)" = 200 ] &&
    grep -q "\"version\":\"v6.20.1\",\"time\":\"2024-02-02T23:56:38Z\"" "$work/out" &&
    grep -q "\"version\":\"v6.0.0\",\"time\":\"[^\"]*\",\"retracted\":true" "$work/out" &&
    grep -q "\"origin\":\"http://127.0.0.1" "$work/out"'
check "GET one version: requirements, go line, h1" \
    '[ "$(u http://m/v1/modules/$P/@v/v6.20.1)" = 200 ] &&
    grep -q "\"go\":\"1.21\"" "$work/out" && grep -q "\"h1_mod\":\"h1:+hNAJL5" "$work/out"'
check "GET a version that does not exist: 404 unknown-version" \
    '[ "$(u http://m/v1/modules/$P/@v/v6.20.0)" = 404 ] && grep -q "unknown-version" "$work/out"'
check "GET an invalid module path: 400 before any upstream" \
    '[ "$(u "http://m/v1/modules/..%2Fetc/versions")" = 400 ] || [ "$(u "http://m/v1/modules/Bad..path/versions")" = 400 ]'
check "POST /v1/check with the raw go.mod" \
    '[ "$(u --data-binary @"$srcdir/examples/aws-go/go.mod" http://m/v1/check)" = 200 ] &&
    grep -q "\"code\":\"unknown-version\"" "$work/out" && grep -q "\"version\":\"v6.20.1\"" "$work/out"'
gm=$(sed 's/"/\\"/g' "$srcdir/examples/aws-go/go.mod" | awk '{ printf "%s\\n", $0 }')
check "POST /v1/check with JSON" \
    '[ "$(u -H "Content-Type: application/json" --data-binary "{\"gomod\": \"$gm\", \"file\": \"x/go.mod\"}" http://m/v1/check)" = 200 ] &&
    grep -q "\"file\":\"x/go.mod\"" "$work/out"'
check "POST /v1/fix: new go.mod, go.sum, diff, no errors left" \
    '[ "$(u --data-binary @"$srcdir/examples/aws-go/go.mod" http://m/v1/fix)" = 200 ] &&
    grep -q "+\\\\t$P v6.20.1" "$work/out" && grep -q "\"errors\":0" "$work/out"'
W=github.com/pulumi/pulumi-aws/sdk/v6
check "POST /v1/watch, GET /v1/watch, DELETE /v1/watch/PATH" \
    '[ "$(u --data-binary $W http://m/v1/watch)" = 201 ] &&
    [ "$(u http://m/v1/watch)" = 200 ] && grep -q "\"$W\"" "$work/out" &&
    [ "$(u -X DELETE http://m/v1/watch/$W)" = 200 ] &&
    ! grep -q "\"$W\"" "$work/out"'
# watch add asks whether the module exists: the proxy's 404 for its list
# refuses it; rm of a module not watched says so.
check "POST /v1/watch of a module the proxy proves absent: 404 unknown-module, not watched" \
    '[ "$(u --data-binary example.com/no/such/module http://m/v1/watch)" = 404 ] &&
    grep -q "\"unknown-module\"" "$work/out" && u http://m/v1/watch > /dev/null &&
    ! grep -q example.com/no/such/module "$work/out"'
check "DELETE /v1/watch of a module not watched: 404 not-watched" \
    '[ "$(u -X DELETE http://m/v1/watch/$W)" = 404 ] && grep -q "\"not-watched\"" "$work/out"'
"$MODVET" --socket "$sock" --no-autostart watch rm $W > "$work/out" 2>&1; st=$?
check "modvet watch rm of a module not watched says so (exit $st)" \
    '[ $st != 0 ] && grep -q "is not on the watch list" "$work/out"'
u --data-binary @"$srcdir/examples/aws-go/go.mod" http://m/v1/check > /dev/null
cp "$work/out" "$work/first"
u --data-binary @"$srcdir/examples/aws-go/go.mod" http://m/v1/check > /dev/null
check "a repeated POST /v1/check: the same answer, from the memo" \
    'cmp -s "$work/first" "$work/out" && [ "$(u http://m/metrics)" = 200 ] &&
    grep -q "^modvet_memo_hits_total{route=\"check\"} [1-9]" "$work/out"'
check "GET /metrics: Prometheus text" \
    '[ "$(u http://m/metrics)" = 200 ] && grep -q "^modvet_requests_total{route=\"check\",code=\"2xx\"} [1-9]" "$work/out" &&
    grep -q "^modvet_upstream_calls_total{class=\"not-found\"}" "$work/out" &&
    grep -q "^modvet_request_duration_seconds_bucket{route=\"check\",le=\"+Inf\"} [1-9]" "$work/out"'
if command -v promtool >/dev/null 2>&1; then
	check "GET /metrics passes promtool check metrics" \
	    'u http://m/metrics > /dev/null && promtool check metrics < "$work/out" > "$work/promtool" 2>&1'
else
	n=$((n + 1)); echo "ok $n # SKIP promtool not found (Debian package prometheus; .ci/run installs it)"
fi
check "unknown route: 404 JSON; wrong method: 405" \
    '[ "$(u http://m/v1/nope)" = 404 ] && grep -q "\"code\":\"not-found\"" "$work/out" &&
    [ "$(u -X DELETE http://m/v1/check)" = 405 ]'

# Bad input: clear 4xx, and the daemon keeps serving.
head -c 100000 /dev/zero | tr '\0' x > "$work/big"
check "body over max-body: 413" '[ "$(u --data-binary @"$work/big" http://m/v1/check)" = 413 ] && grep -q body-too-large "$work/out"'
check "malformed JSON: 400" '[ "$(u -H "Content-Type: application/json" --data-binary "{not json" http://m/v1/check)" = 400 ] && grep -q invalid-json "$work/out"'
check "malformed go.mod: an invalid-gomod finding at its line" \
    '[ "$(u --data-binary "module m
require (" http://m/v1/check)" = 200 ] && grep -q "\"code\":\"invalid-gomod\",\"severity\":\"error\",\"line\":2" "$work/out"'
check "malformed go.mod on /v1/graph: 422 naming file:line" \
    '[ "$(u --data-binary "module m
require (" http://m/v1/graph)" = 422 ] && grep -q "go.mod:2" "$work/out"'
check "empty body: 400" '[ "$(u -X POST http://m/v1/check)" = 400 ]'
check "still serving after bad input" '[ "$(u http://m/v1/health)" = 200 ]'

# TCP and its token.
check "TCP without a token: 401" '[ "$(t http://127.0.0.1:$port/v1/health)" = 401 ]'
check "TCP with a wrong token: 401" '[ "$(t -H "Authorization: Bearer wrong-token-of-some-length" http://127.0.0.1:$port/v1/health)" = 401 ]'
check "TCP with the token: 200" '[ "$(t -H "Authorization: Bearer sixteen-chars-or-more-token" http://127.0.0.1:$port/v1/health)" = 200 ]'

# The client through the socket, every format, and --server over TCP.
d="$work/p"; mkdir -p "$d"; cp "$srcdir/examples/aws-go/go.mod" "$d/"
"$MODVET" --socket "$sock" check -C "$d" > "$work/remote.txt" 2>&1; st=$?
MODVET_LOCAL=1 "$MODVET" check -C "$d" > "$work/local.txt" 2>&1
# (The evidence says when the upstream was asked: the two caches asked
# at different times.)
for f in remote local; do
	sed 's/ at [0-9T:Z-]*)$/)/' "$work/$f.txt" > "$work/$f.cmp"
done
check "modvet check over the socket = --local, exit 1" \
    '[ $st = 1 ] && diff "$work/remote.cmp" "$work/local.cmp" > "$work/out"'
for f in json sarif github; do
	"$MODVET" --socket "$sock" check -f $f -C "$d" > "$work/out" 2>&1
	case $f in
	json) want='"code":[[:space:]]*"unknown-version"' ;;
	sarif) want='"ruleId":[[:space:]]*"unknown-version"' ;;
	github) want='^::error file=.*title=unknown-version::' ;;
	esac
	check "modvet check -f $f over the socket" 'grep -q "$want" "$work/out"'
done
check "modvet --server with --token-file over TCP" \
    '"$MODVET" --server http://127.0.0.1:$port --token-file "$work/token" check -C "$d" > "$work/out" 2>&1;
    [ $? = 1 ] && grep -q "unknown-version" "$work/out"'
check "modvet --server without the token fails clearly (exit 2)" \
    '"$MODVET" --server http://127.0.0.1:$port status > "$work/out" 2>&1; [ $? = 2 ] && grep -qi "token\|not a modvetd" "$work/out"'

check "modvet history: dates, go lines, watched requirements, retractions" \
    '"$MODVET" --socket "$sock" history $P > "$work/out" 2>&1 &&
    grep -q "^v6.19.0  *2024-01-30 go 1.21  *github.com/pulumi/pulumi/sdk/v3>=v3.103.1$" "$work/out" &&
    grep -q "^v6.20.1  *2024-02-02 go 1.21  *github.com/pulumi/pulumi/sdk/v3>=v3.104.2$" "$work/out" &&
    grep -q "^v6.0.0 .* retracted: Retracted due to" "$work/out"'
check "modvet watch add, ls, rm" \
    '"$MODVET" --socket "$sock" watch add github.com/pulumi/pulumi/sdk/v3 | grep -q "^github.com/pulumi/pulumi/sdk/v3$" &&
    "$MODVET" --socket "$sock" watch ls | grep -q "^github.com/pulumi/pulumi/sdk/v3$" &&
    ! "$MODVET" --socket "$sock" watch rm github.com/pulumi/pulumi/sdk/v3 | grep -q "^github.com/pulumi/pulumi/sdk/v3$"'
"$MODVET" --socket "$sock" watch add example.com/w2 > "$work/out" 2>&1; st=$?
check "modvet watch add of a module the proxy proves absent: refused, in words (exit $st)" \
    '[ $st != 0 ] && grep -q "example.com/w2: no such module" "$work/out" &&
    ! "$MODVET" --socket "$sock" watch ls | grep -q "^example.com/w2$"'

# buildlist, graph, versions and sum through the daemon = in-process.
f="$work/fixed"; mkdir -p "$f"
printf 'module aws-go\n\ngo 1.21\n\nrequire (\n\t%s v6.20.1\n\tgithub.com/pulumi/pulumi/sdk/v3 v3.104.2\n)\n' "$P" > "$f/go.mod"
seed="$work/seed"; mkdir -p "$seed"
cp "$srcdir/examples/aws-go/go.mod" "$seed/go.mod"
# One door or the other: the same bytes and the same exit status.
for c in "buildlist -C $f" "graph -C $f" "versions $P" \
    "sum github.com/pulumi/pulumi-random/sdk/v4@v4.16.0" \
    "check -C $seed" "check -f json -C $seed" "check -f sarif -C $seed" \
    "check -f github -C $seed" "fix -C $seed" "fix -f json -C $seed"; do
	"$MODVET" --socket "$sock" $c > "$work/remote.out" 2>&1; rst=$?
	MODVET_LOCAL=1 MODVET_CACHE="$work/local.db" "$MODVET" $c > "$work/local.out" 2>&1; lst=$?
	# Evidence carries when each answer was had: the doors asked at
	# different moments.
	sed -i 's/ at [0-9T:-]*Z)/)/' "$work/remote.out" "$work/local.out"
	check "modvet $c through the daemon = in-process ($(wc -l < "$work/local.out") lines, exit $lst)" \
	    '[ -s "$work/local.out" ] && [ $rst = $lst ] && cmp -s "$work/remote.out" "$work/local.out" ||
	    { diff "$work/local.out" "$work/remote.out" > "$work/out"; false; }'
done

# Reports through the API: a git project, then the history and renderings.
mkdir -p "$work/repo"
cp "$srcdir/examples/aws-go/go.mod" "$work/repo/go.mod"
(cd "$work/repo" && git -c init.defaultBranch=main init -q && git add . &&
    git -c user.name=t -c user.email=t@example.com commit -qm r) >/dev/null 2>&1
# The operator's projects-file may name a local repository; a request may
# not (see tests/attack.sh).
printf 'aws git file://%s main\nwatch %s\n' "$work/repo" "$P" > "$work/projects"
check "POST /v1/reports (the configured projects-file, a git project): 201, its findings" \
    '[ "$(u -X POST http://m/v1/reports)" = 201 ] &&
    grep -q "\"name\":[[:space:]]*\"aws\"" "$work/out" && grep -q "unknown-version" "$work/out"'
check "GET /v1/reports, /v1/reports/latest?format=html, /v1/reports/1" \
    '[ "$(u http://m/v1/reports)" = 200 ] && grep -q "\"id\":1" "$work/out" &&
    [ "$(u "http://m/v1/reports/latest?format=html")" = 200 ] && grep -q "<section class=\"timeline\"" "$work/out" &&
    [ "$(u http://m/v1/reports/1?format=md)" = 200 ] && grep -q "^# modvet report" "$work/out"'
printf 'local /etc/go.mod\n' > "$work/projects2"
check "POST /v1/reports naming a path on the daemon's disk: 400" \
    '[ "$(u --data-binary @"$work/projects2" http://m/v1/reports)" = 400 ] && grep -q "reads no paths" "$work/out"'
# A daemon with --cache and no writable HOME (the systemd unit's
# ProtectHome): its report's git mirror lives beside its cache.
sockh="$work/runh/modvetd.sock"
(unset MODVET_GITDIR MODVET_CACHE; HOME=/nonexistent XDG_CACHE_HOME= \
    mv_start_daemon h --socket "$sockh" --cache "$work/h.db" \
    --refresh-interval 0 --projects-file "$work/projects"
 code=$(curl -s -o "$work/out" -w '%{http_code}' --unix-socket "$sockh" -X POST http://m/v1/reports)
 kill "$pid"; wait "$pid" 2>/dev/null
 echo "$code" > "$work/h.code")
check "POST /v1/reports of a git project with --cache and HOME unwritable: 201, mirror beside the cache" \
    '[ "$(cat "$work/h.code")" = 201 ] && grep -q "unknown-version" "$work/out" && [ -d "$work/h.db.git" ]'

# SIGHUP: a valid configuration is applied, an invalid one is not.
echo "log-level = debug" >> "$work/modvetd.conf"
kill -HUP "$dpid"; sleep 0.3
check "SIGHUP with a valid file: reloaded" 'grep -q "configuration reloaded" "$work/d.log"'
echo "threads = many" >> "$work/modvetd.conf"
kill -HUP "$dpid"; sleep 0.3
check "SIGHUP with an invalid file: refused, still serving" \
    'grep -q "reload refused: 1 error" "$work/d.log" && [ "$(u http://m/v1/health)" = 200 ]'

# SIGTERM with a request in flight (a cold check behind a slow proxy).
sock2="$work/run2/modvetd.sock"
GOPROXY="$slow" start d2 --socket "$sock2" --cache "$work/d2.db" \
    --refresh-interval 0
d2pid=$pid
curl -s -o "$work/inflight" -w '%{http_code}' --unix-socket "$sock2" \
    --data-binary @"$srcdir/examples/aws-go/go.mod" http://m/v1/check \
    > "$work/inflight.code" &
cpid=$!
sleep 0.5
kill -TERM "$d2pid"
wait "$cpid"; wait "$d2pid"; dst=$?
check "SIGTERM drains the request in flight (200), exits 0, removes the socket" \
    '[ "$(cat "$work/inflight.code")" = 200 ] && grep -q unknown-version "$work/inflight" &&
    [ $dst = 0 ] && [ ! -e "$sock2" ]'

# Autostart and --no-autostart on a socket where nothing runs.
sock3="$work/run3/modvet/modvetd.sock"
"$MODVET" --socket "$sock3" status > "$work/out" 2>&1; st=$?
check "modvet status with no daemon: exit 1, says it is not running, starts none" \
    '[ $st = 1 ] && grep -q "^modvetd is not running (nothing answers on $sock3" "$work/out" && [ ! -e "$sock3" ]'
"$MODVET" --socket "$sock3" --no-autostart versions $P > "$work/out" 2>&1; st=$?
check "--no-autostart with no daemon: exit 2, says so in words" \
    '[ $st = 2 ] && grep -q "no modvetd answers on $sock3, and --no-autostart starts none" "$work/out"'
# A daemon that exits at once (its socket directory is not 0700): the
# client tells its reason at once, not after waiting 10 s.
mkdir -p -m 755 "$work/run4/modvet"
t0=$(date +%s%N)
"$MODVET" --socket "$work/run4/modvet/modvetd.sock" versions $P > "$work/out" 2>&1; st=$?
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
check "an autostarted modvetd that exits at once: its reason in $ms ms (exit $st)" \
    '[ $st = 2 ] && [ $ms -lt 5000 ] && grep -q "modvetd exited at once: .*unsafe permissions" "$work/out"'
"$MODVET" --socket "$sock3" check -C "$d" > "$work/out" 2>&1
check "modvet check starts modvetd when none answers" \
    '[ $? = 1 ] && grep -q unknown-version "$work/out" && [ -S "$sock3" ] &&
    "$MODVET" --socket "$sock3" --no-autostart status | grep -q "^modvetd "'
apid=$(pgrep -f "modvetd --socket $sock3" | head -1)
[ -n "$apid" ] && kill "$apid"
