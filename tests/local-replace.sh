#!/bin/sh
# Local (directory) replacements through the daemon: the client reads the
# replacement's go.mod and sends it with the request, so "replace X =>
# ../lib" works through modvetd and equals the go command's answers,
# while the daemon itself reads no path a caller names, over TCP or the
# socket. The scenario proxy (tests/scenarios) is served by the fake
# proxy. TAP.
set -u
. "${srcdir:-.}/tests/lib.sh"
mv_setup localrepl
: "${MODVETD:=$builddir/modvetd}"
if ! command -v curl >/dev/null 2>&1; then
	echo "1..0 # SKIP curl not found"; exit 0
fi
sdir="$srcdir/tests/scenarios"
sh "$sdir/mkproxy.sh" "$sdir/proxy.spec" "$work/proxy"
mv_fakeproxy url --root "$work/proxy"
export GOPROXY="$url"
mv_goenv
unset MODVET_LOCAL

printf 'attack-token-0123456789abcdef\n' > "$work/token"
chmod 600 "$work/token"
sock="$work/run/d/modvetd.sock"
mv_start_daemon d --socket "$sock" --cache "$work/d.db" --refresh-interval 0 \
    --listen 127.0.0.1:0 --token-file "$work/token"
port=$(sed -n 's/.*and tcp:127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/d.log")

# The scenario's layout: s/replace-local/go.mod replaces by ../../local/lib.
cp -R "$sdir/local" "$work/local"
d="$work/s/replace-local"
mkdir -p "$d"
cp "$sdir/cases/replace-local.mod" "$d/go.mod"
echo "1..6"
"$MODVET" --socket "$sock" buildlist -C "$d" > "$work/mv.list" 2>"$work/out"; ms=$?
"$MODVET" --socket "$sock" graph -C "$d" > "$work/mv.graph" 2>>"$work/out"
"$MODVET" --socket "$sock" check -C "$d" > "$work/mv.check" 2>&1; cs=$?
check "buildlist through the daemon (exit $ms)" '[ $ms = 0 ] && grep -q "^example.com/pa v1.0.0 => ../../local/lib" "$work/mv.list"'
check "check through the daemon: no upstream-unavailable, no bad-replacement" \
    '! grep -q "upstream-unavailable\|bad-replacement" "$work/mv.check" ||
    { cp "$work/mv.check" "$work/out"; false; }'
if mv_have_go; then
	(cd "$d" && go list -m all) > "$work/go.list" 2>&1
	(cd "$d" && go mod graph) > "$work/go.graph" 2>&1
	check "buildlist = go list -m all, graph = go mod graph" \
	    'cmp -s "$work/mv.list" "$work/go.list" && cmp -s "$work/mv.graph" "$work/go.graph" ||
	    { diff "$work/go.list" "$work/mv.list"; diff "$work/go.graph" "$work/mv.graph"; } > "$work/out"'
else
	skip "go not found"
fi

# A directory on the daemon's machine that a caller names: never read.
mkdir -p "$work/secret"
printf 'module example.com/pa\n\ngo 1.17\n\nrequire example.com/secret-marker v9.9.9\n' > "$work/secret/go.mod"
printf 'module m\n\ngo 1.17\n\nrequire example.com/pa v1.0.0\n\nreplace example.com/pa => %s\n' "$work/secret" > "$work/evil.mod"
code=$(curl -s -o "$work/out" -w '%{http_code}' -H "Authorization: Bearer attack-token-0123456789abcdef" \
    --data-binary @"$work/evil.mod" "http://127.0.0.1:$port/v1/check")
check "TCP: replace => a daemon-side path: not read (no secret requirement in the answer)" \
    '[ "$code" = 200 ] && ! grep -q secret-marker "$work/out" && grep -q "bad-replacement" "$work/out"'
code=$(curl -s -o "$work/out" -w '%{http_code}' --unix-socket "$sock" \
    --data-binary @"$work/evil.mod" http://m/v1/graph)
check "socket, curl: replace => a path, not sent: not read either ($code)" \
    '! grep -q secret-marker "$work/out"'
printf 'replace example.com/pa => /etc\n' >> "$work/evil.mod"
code=$(curl -s -o "$work/out" -w '%{http_code}' -H "Authorization: Bearer attack-token-0123456789abcdef" \
    -H 'Content-Type: application/json' \
    --data '{"gomod": "module m\ngo 1.17\nrequire example.com/pa v1.0.0\nreplace example.com/pa => /etc\n"}' \
    "http://127.0.0.1:$port/v1/check")
check "TCP: replace => /etc: the answer names no file of /etc" \
    '[ "$code" = 200 ] && grep -q "was not sent with the request" "$work/out" && ! grep -q "passwd\|No such file" "$work/out"'
