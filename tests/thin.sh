#!/bin/sh
# The thin client (client/thin.c): "modvet check" through a running
# modvetd loads libc and cJSON alone, asks the daemon for the findings
# rendered (POST /v1/check?format=), copies them out, and exits as the
# whole client (modvet-full) would: the same bytes and the same status for
# every format, option and place it serves. Every other call is handed to
# the whole client with the same arguments in the same directory; a copy
# of the thin client beside a stand-in "modvet-full" that says how it was
# called proves which calls are handed over. TAP.
set -u
. "${srcdir:-.}/tests/lib.sh"
mv_setup thin
: "${MODVETD:=$builddir/modvetd}"
if ! command -v curl >/dev/null 2>&1; then
	echo "1..0 # SKIP curl not found"; exit 0
fi
data="$srcdir/tests/data"
mv_fakeproxy url --root "$data/goproxy-aws" \
    --root "$srcdir/examples/goproxy-pulumi-sdk" --root "$data/goproxy-deps"
export GOPROXY="$url" GOFLAGS= GOPRIVATE= GONOPROXY= GOINSECURE= GOWORK=
unset MODVET_LOCAL MODVET_SOCKET
sock="$work/run/d/modvetd.sock"
mv_start_daemon d --socket "$sock" --cache "$work/d.db" --refresh-interval 0
full="$builddir/modvet-full"
d="$work/p"
mkdir -p "$d/sub/dir"
cp "$srcdir/examples/aws-go/go.mod" "$d/go.mod"
printf 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println() }\n' \
    > "$d/main.go"
# The evidence names the times of cached answers; the verdicts must match.
mask() { sed 's/ at [0-9T:-]*Z)/)/' "$1"; }
# same DESC ARGS...: the thin client and the whole one, through the same
# daemon, print the same and exit the same.
same() {
	desc=$1; shift
	"$MODVET" --socket "$sock" "$@" > "$work/thin.out" 2>&1; tst=$?
	"$full" --socket "$sock" "$@" > "$work/full.out" 2>&1; fst=$?
	mask "$work/thin.out" > "$work/t"; mask "$work/full.out" > "$work/f"
	check "$desc: the thin client = modvet-full ($(wc -l < "$work/t") lines, exit $tst/$fst)" \
	    '[ "$tst" = "$fst" ] && [ -s "$work/t" ] && cmp -s "$work/t" "$work/f" ||
	    { diff "$work/f" "$work/t" > "$work/out"; false; }'
}

echo "1..25"
if command -v ldd >/dev/null 2>&1; then
	ldd "$MODVET" > "$work/ldd" 2>&1
	check "modvet loads neither libcurl, libgit2, SQLite, libzip nor OpenSSL ($(grep -c '=>' "$work/ldd") libraries)" \
	    '! grep -qE "libcurl|libgit2|libsqlite3|libzip|libcrypto|libssl" "$work/ldd"'
else
	skip "ldd not found"
fi

for f in text json github; do
	same "check -f $f" check -C "$d" -f "$f"
done
same "check with an error finding (the unknown pin), exit 1" check -C "$d"
check "the thin client's text names the unknown pin and exits 1" \
    'grep -q "unknown-version" "$work/t" && [ "$tst" = 1 ]'
same "--fail-on never" --fail-on never check -C "$d"
same "--fail-on=note" --fail-on=note check -C "$d"
same "--color=always" --color=always check -C "$d"
check "--color=always colours the severities" 'grep -q "$(printf "\033")\[1;31m" "$work/t"'
same "-C before the command, a go.mod named" -C "$d" check go.mod
cd "$d/sub/dir"
same "from a subdirectory (the go.mod above)" check
cd "$work"

# Which calls the fast path serves: a copy of the thin client beside a
# stand-in whole client.
mkdir -p "$work/bin"
cp "$MODVET" "$work/bin/modvet"
printf '#!/bin/sh\necho "modvet-full in $(pwd):$*"\nexit 7\n' \
    > "$work/bin/modvet-full"
chmod +x "$work/bin/modvet-full"
thin() { "$work/bin/modvet" "$@" > "$work/out" 2>&1; }
thin --socket "$sock" check -C "$d"; st=$?
check "a plain check through the daemon never runs the whole client (exit $st)" \
    '[ $st = 1 ] && grep -q "unknown-version" "$work/out" && ! grep -q "modvet-full in" "$work/out"'
thin --socket "$sock" check -C "$d" -f sarif; st=$?
check "-f sarif is the whole client's, with the same arguments" \
    '[ $st = 7 ] && grep -qx "modvet-full in $(pwd):--socket $sock check -C $d -f sarif" "$work/out"'
thin --socket "$sock" --local check -C "$d"; st=$?
check "--local is the whole client's" '[ $st = 7 ] && grep -q "modvet-full in .*--local check" "$work/out"'
MODVET_LOCAL=1 thin --socket "$sock" check -C "$d"; st=$?
check "MODVET_LOCAL=1 is the whole client's" '[ $st = 7 ]'
thin --socket "$work/run/none/modvetd.sock" -C "$d" check; st=$?
check "no daemon answering: the whole client (which starts one), called from the directory we were called in" \
    '[ $st = 7 ] && grep -qx "modvet-full in $(pwd):--socket $work/run/none/modvetd.sock -C $d check" "$work/out"'
printf 'go 1.22\n\nuse .\n' > "$d/go.work"
thin --socket "$sock" check -C "$d"; st=$?
rm "$d/go.work"
check "a workspace is the whole client's" '[ $st = 7 ]'
thin --socket "$sock" versions github.com/pulumi/pulumi-aws/sdk/v6; st=$?
check "other commands are the whole client's" '[ $st = 7 ]'

# A go.mod that does not parse is findings (invalid-gomod at its line);
# an answer the fast path does not take (the daemon's 422 for a go.mod
# over the size limit) is handed over, and the whole client says why.
mkdir -p "$work/bad" "$work/big"
printf 'module m\n\ngo 1.22\n\nrequire (\n' > "$work/bad/go.mod"
same "a go.mod that does not parse (invalid-gomod)" check -C "$work/bad"
awk 'BEGIN { print "module m\n\ngo 1.22\n\nrequire ("
    for (k = 0; k < 5001; k++) printf "\texample.com/m%d v1.0.0\n", k
    print ")" }' > "$work/big/go.mod"
same "a 422 (5,001 requirements) is handed over" check -C "$work/big"
check "... and the whole client says why, exit 2" \
    '[ "$tst" = 2 ] && grep -q "5,\{0,1\}000\|limit" "$work/t"'

# The route itself.
code=$(curl -s -o "$work/out" -w '%{http_code}' --unix-socket "$sock" \
    --data-binary @"$d/go.mod" "http://m/v1/check?format=sarif")
check "POST /v1/check?format=sarif: 422 invalid-format (sarif is the client's)" \
    '[ "$code" = 422 ] && grep -q "invalid-format" "$work/out"'
code=$(curl -s -o "$work/out" -w '%{http_code}' --unix-socket "$sock" \
    --data-binary @"$d/go.mod" "http://m/v1/check?format=text&color=2")
check "color=2: 422 invalid-color" '[ "$code" = 422 ] && grep -q "invalid-color" "$work/out"'
for k in 1 2; do
	curl -s -D "$work/h$k" -o "$work/b$k" --unix-socket "$sock" \
	    --data-binary @"$d/go.mod" "http://m/v1/check?format=text"
done
check "a repeated rendered check (from the memo) carries the same findings header and bytes" \
    'grep -q "^X-Modvet-Findings: [0-9]* [0-9]* [0-9]*" "$work/h1" &&
    [ "$(grep -i "^X-Modvet-Findings" "$work/h1")" = "$(grep -i "^X-Modvet-Findings" "$work/h2")" ] &&
    cmp -s "$work/b1" "$work/b2"'
