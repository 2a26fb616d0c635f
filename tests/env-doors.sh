#!/bin/sh
# The caller's Go environment travels with its request: modvet through a
# daemon asks the upstreams that the caller's go command would, whatever
# environment the daemon was started with, and so answers as --local
# does. Two fake proxies: "full" serves the seed program's trees, "empty"
# serves nothing (404 for everything). TAP.
set -u
. "${srcdir:-.}/tests/lib.sh"
mv_setup envdoors
: "${MODVETD:=$builddir/modvetd}"
if ! command -v curl >/dev/null 2>&1; then
	echo "1..0 # SKIP curl not found"; exit 0
fi
data="$srcdir/tests/data"
mkdir -p "$work/emptytree"
mv_fakeproxy full --root "$data/goproxy-aws" \
    --root "$srcdir/examples/goproxy-pulumi-sdk" --root "$data/goproxy-deps"
mv_fakeproxy empty --root "$work/emptytree"
export GOFLAGS= GOPRIVATE= GONOPROXY= GOINSECURE=
unset MODVET_LOCAL
P=github.com/pulumi/pulumi-aws/sdk/v6

# One daemon, started with the "empty" proxy in its environment.
sock="$work/run/d/modvetd.sock"
GOPROXY=$empty mv_start_daemon d --socket "$sock" --cache "$work/d.db" \
    --refresh-interval 0
remote() { "$MODVET" --socket "$sock" --no-autostart "$@"; }
local_() { MODVET_LOCAL=1 MODVET_CACHE="$work/local.db" "$MODVET" "$@"; }
d="$work/seed"; mkdir -p "$d"
cp "$srcdir/examples/aws-go/go.mod" "$d/go.mod"

echo "1..8"
GOPROXY=$full remote versions "$P" > "$work/a" 2>&1
GOPROXY=$empty remote versions "$P" > "$work/b" 2>&1
check "one daemon, two clients: GOPROXY=full lists $(wc -w < "$work/a") words, GOPROXY=empty none" \
    '[ "$(wc -w < "$work/a")" -gt 80 ] && ! grep -q "v6.20.1" "$work/b"'

for env in "$full" off; do
	GOPROXY=$env remote check -C "$d" > "$work/remote.out" 2>&1; rst=$?
	GOPROXY=$env local_ check -C "$d" > "$work/local.out" 2>&1; lst=$?
	# The evidence names URLs and times; the verdicts must be the same.
	sed 's/ at [0-9T:-]*Z)/)/' "$work/remote.out" > "$work/r"
	sed 's/ at [0-9T:-]*Z)/)/' "$work/local.out" > "$work/l"
	check "GOPROXY=${env##*/} check: through the daemon = --local (exit $rst/$lst)" \
	    '[ $rst = $lst ] && cmp -s "$work/r" "$work/l" ||
	    { diff "$work/l" "$work/r" > "$work/out"; false; }'
done
GOPROXY=off remote check -C "$d" > "$work/out" 2>&1
check "GOPROXY=off through the daemon asks nothing: the pin is upstream-unavailable" \
    'grep -q "upstream-unavailable: $P v6.20.0" "$work/out" && grep -q "GOPROXY=off" "$work/out"'

code=$(curl -s -o "$work/out" -w '%{http_code}' --unix-socket "$sock" \
    -H "X-Modvet-Env: GOPROXY=%0Aevil" --data-binary @"$d/go.mod" http://m/v1/check)
check "a malformed X-Modvet-Env: 400 naming the header" \
    '[ "$code" = 400 ] && grep -q "X-Modvet-Env" "$work/out"'
code=$(curl -s -o "$work/out" -w '%{http_code}' --unix-socket "$sock" \
    -H "X-Modvet-Env: GOPROXY=$full" "http://m/v1/modules/$P/versions")
check "curl with X-Modvet-Env gets that environment's upstreams" \
    '[ "$code" = 200 ] && grep -q "v6.20.1" "$work/out"'

# The go env file ("go env -w" writes it; GOENV names it), read as the go
# command reads it: a variable set and non-empty in the environment wins,
# an empty one does not, and the file's last line of a name is its value.
printf 'GOPROXY=%s\n# a comment\nGOFLAGS=-mod=mod\nGOPROXY=%s\n' "$empty" "$full" \
    > "$work/goenv"
for door in remote local_; do
	GOENV="$work/goenv" GOPROXY= $door versions "$P" > "$work/$door.envfile" 2>&1
done
check "GOPROXY from the go env file (its last line), through both doors: $(wc -w < "$work/remote.envfile") words" \
    '[ "$(wc -w < "$work/remote.envfile")" -gt 80 ] &&
    cmp -s "$work/remote.envfile" "$work/local_.envfile"'
GOENV="$work/goenv" GOPROXY=$empty remote versions "$P" > "$work/a" 2>&1
check "a GOPROXY set in the environment beats the file" '! grep -q "v6.20.1" "$work/a"'
