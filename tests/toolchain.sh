#!/bin/sh
# The toolchain rule against the go command: a go line newer than the Go
# that builds (GOVERSION, else the go command's own version; GOTOOLCHAIN
# local, auto, goX, goX+auto) is said as the go command says it
# (gover.TooNewError, cmd/go/internal/gover/toolchain.go; the switch in
# cmd/go/internal/toolchain/select.go, which downloads the toolchain it
# switches to from the module proxy; a dependency's go line in
# modload/modfile.go rawGoModSummary). The Go named travels to modvetd,
# over the socket and over TCP; fix writes no go line newer than a Go
# that cannot switch. On the scenario modules (tests/scenarios). TAP.
set -u
. "${srcdir:-.}/tests/lib.sh"
mv_setup toolchain
mv_scenarios
echo "1..11"
if ! mv_have_go; then
	for k in 1 2 3 4 5 6 7 8 9 10 11; do echo "ok $k # SKIP go not found: it is the oracle"; done
	exit 0
fi
mk() { # dir, go.mod text
	mkdir -p "$work/$1"; printf "$2" > "$work/$1/go.mod"
}
mk main199 'module m\n\ngo 1.99\n'
mk line199 'module m\n\ngo 1.21\n\ntoolchain go1.99.0\n'
mk dep199 'module m\n\ngo 1.21\n\nrequire example.com/toonew v1.0.0\n'
mk dep123 'module m\n\ngo 1.23\n\nrequire example.com/newgo v1.2.0\n'
# modvet's toolchain messages, one per line.
says() { sed -n 's/^[^ ]* error toolchain: //p' "$work/out"; }

# The main module's go line: every go command stops.
(cd "$work/main199" && GOTOOLCHAIN=local go list -m all) > "$work/go.out" 2>&1
GOTOOLCHAIN=local "$MODVET" check -C "$work/main199" > "$work/out" 2>&1; st=$?
want=$(sed -n 's/^go: //p' "$work/go.out")
check "go 1.99, GOTOOLCHAIN=local: exit $st, the go command's words ($want)" \
    '[ $st = 1 ] && [ -n "$want" ] && [ "$(says)" = "$want" ]'

# auto switches to go1.99.0, which no upstream has: every go command
# stops (select.go: "toolchain not available"), in-process and through
# modvetd.
(cd "$work/main199" && GOTOOLCHAIN=auto go list -m all) > "$work/go.out" 2>&1; gs=$?
GOTOOLCHAIN=auto "$MODVET" --local check -C "$work/main199" > "$work/out" 2>&1; st=$?
want=$(sed -n 's/^go: //p' "$work/go.out" | grep "toolchain not available")
check "go 1.99, GOTOOLCHAIN=auto: exit $st and $gs, the go command's words ($want)" \
    '[ $st = 1 ] && [ $gs = 1 ] && [ -n "$want" ] && [ "$(says)" = "$want" ]'
mv_start_daemon d0 --socket "$work/run/d0.sock" --cache "$work/d0.db"
GOTOOLCHAIN=auto MODVET_LOCAL= "$MODVET" --socket "$work/run/d0.sock" --no-autostart check -C "$work/main199" > "$work/out" 2>&1; st=$?
check "the same through modvetd (exit $st)" '[ $st = 1 ] && [ "$(says)" = "$want" ]'
kill $pid; wait $pid 2> /dev/null

# A toolchain line is a preference: local ignores it, as go does.
(cd "$work/line199" && GOTOOLCHAIN=local go list -m all) > "$work/go.out" 2>&1; gs=$?
GOTOOLCHAIN=local "$MODVET" check -C "$work/line199" > "$work/out" 2>&1
check "toolchain go1.99.0 with GOTOOLCHAIN=local: nothing said, go list passes (exit $gs)" \
    '[ $gs = 0 ] && [ -z "$(says)" ]'

# A dependency's go line, with local and with auto: the go command does
# not switch for a dependency.
for tc in local auto; do
	(cd "$work/dep199" && GOTOOLCHAIN=$tc go list -m all) > "$work/go.out" 2>&1
	GOTOOLCHAIN=$tc "$MODVET" check -C "$work/dep199" > "$work/out" 2>&1; st=$?
	got=$(says)
	check "a dependency's go 1.99, GOTOOLCHAIN=$tc: exit $st, in the go command's words ($got)" \
	    '[ $st = 1 ] && [ -n "$got" ] && grep -qF "$got" "$work/go.out"'
done

# GOVERSION names another Go: what Go 1.22.0 would say, in-process,
# through modvetd's socket and over TCP (the caller's Go travels).
want="go.mod requires go >= 1.23 (running go 1.22.0; GOTOOLCHAIN=local)"
GOVERSION=1.22.0 GOTOOLCHAIN=local "$MODVET" check -C "$work/dep123" > "$work/out" 2>&1; st=$?
a=$(says)
echo "toolchain-test-token-0123456789abcdef" > "$work/token"; chmod 600 "$work/token"
mv_start_daemon d --socket "$work/run/d.sock" --cache "$work/d.db" --listen 127.0.0.1:0 --token-file "$work/token"
port=$(sed -n 's/.*and tcp:127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/d.log")
GOVERSION=1.22.0 GOTOOLCHAIN=local MODVET_LOCAL= "$MODVET" --socket "$work/run/d.sock" --no-autostart check -C "$work/dep123" > "$work/out" 2>&1
b=$(says)
GOVERSION=1.22.0 GOTOOLCHAIN=local MODVET_LOCAL= "$MODVET" --server "http://127.0.0.1:$port" --token-file "$work/token" check -C "$work/dep123" > "$work/out" 2>&1
c=$(says)
echo "in-process: $a; socket: $b; tcp: $c" > "$work/out"
check "GOVERSION=1.22.0 on a go 1.23 module: the same toolchain error in-process, through the socket and over TCP" \
    '[ $st = 1 ] && [ "$a" = "$want" ] && [ "$b" = "$want" ] && [ "$c" = "$want" ]'
# With this machine's Go (newer than 1.23), nothing to say.
GOTOOLCHAIN=local "$MODVET" check -C "$work/dep123" > "$work/out" 2>&1
check "the same graph with this machine's go ($(go env GOVERSION)): nothing said" '[ -z "$(says)" ]'

# fix: the go line a dependency needs, unless the Go that builds cannot
# write it (go get go@1.23 under Go 1.22 with GOTOOLCHAIN=local refuses).
mk fixme 'module m\n\ngo 1.21\n\nrequire example.com/newgo v1.2.0\n'
cp "$work/fixme/go.mod" "$work/fixme.mod"
GOVERSION=1.22.0 GOTOOLCHAIN=local "$MODVET" fix -w -C "$work/fixme" > "$work/out" 2>&1
old=$(sed -n 's/^go //p' "$work/fixme/go.mod")
GOTOOLCHAIN=local "$MODVET" fix -w -C "$work/fixme" > "$work/out" 2>&1
new=$(sed -n 's/^go //p' "$work/fixme/go.mod")
check "fix leaves go 1.21 under Go 1.22.0 ($old), writes go 1.23 under this machine's ($new)" \
    '[ "$old" = 1.21 ] && [ "$new" = 1.23 ]'

# Bad values: GOTOOLCHAIN as the go command refuses it; GOVERSION named.
(cd "$work/dep123" && GOTOOLCHAIN=bogus go list -m all) > "$work/go.out" 2>&1; gs=$?
GOTOOLCHAIN=bogus "$MODVET" check -C "$work/dep123" > "$work/out" 2>&1; st=$?
check "GOTOOLCHAIN=bogus: an error, as go's (exit $gs): $(head -1 "$work/go.out")" \
    '[ $gs != 0 ] && [ $st = 1 ] && says | grep -q "invalid GOTOOLCHAIN \"bogus\""'
GOVERSION=banana "$MODVET" check -C "$work/dep123" > "$work/out" 2>&1; st=$?
check "GOVERSION=banana: exit 2, naming it" \
    '[ $st = 2 ] && grep -q "GOVERSION=banana is not a Go version" "$work/out"'
