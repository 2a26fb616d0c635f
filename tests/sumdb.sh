#!/bin/sh
# The checksum database. modvet against a database built on
# golang.org/x/mod/sumdb's own server (tests/tools/sumdbserver, built here
# with the go command), with the go command pointed at the same database
# as the oracle: go.sum lines that match, that are tampered, versions the
# log lacks, and a second instance serving a forked log. Then a real
# record through this machine's module proxy, proven against
# sum.golang.org's public key. TAP.
set -u
. "${srcdir:-.}/tests/lib.sh"
mv_setup sumdb
: "${MODVETD:=$builddir/modvetd}"
if ! mv_have_go; then
	echo "1..0 # SKIP go not found (the test server is built with it)"
	exit 0
fi

# The test server, built from tests/tools/sumdbserver on x/mod (fetched
# through the module proxy once; skip where it cannot be).
(cd "$srcdir/tests/tools/sumdbserver" &&
    GOFLAGS=-mod=readonly GOWORK=off GOTOOLCHAIN=local \
    go build -o "$work/sumdbserver" .) > "$work/build.log" 2>&1 || {
	echo "1..0 # SKIP cannot build tests/tools/sumdbserver: $(tail -1 "$work/build.log")"
	exit 0
}

# Three small modules, as a GOPROXY tree with zips.
mkmod() {	# path version
	python3 "$srcdir/tests/tools/mkmod.py" "$work/proxy" "$1" "$2" \
	    "${1##*/}.go=package ${1##*/}\\n\\n// V is the version.\\nconst V = \"$2\"\\n"
}
mkmod example.com/lib v1.0.0
mkmod example.com/lib v1.1.0
mkmod example.com/other v1.0.0
mv_fakeproxy url --root "$work/proxy"
export GOPROXY="$url"
mv_goenv

# Database A, honest but without lib v1.1.0; database B, same key, a log
# that forks at its second record.
startdb() {	# var args...
	var=$1; shift
	"$work/sumdbserver" -dir "$work/proxy" "$@" > "$work/$var.log" 2>&1 &
	mv_pids="$mv_pids $!"	# stopped with the test
	i=0
	while ! grep -q "^sumdbserver listening" "$work/$var.log"; do
		i=$((i + 1)); [ $i -gt 200 ] && { echo "Bail out! sumdbserver: $(cat "$work/$var.log")"; exit 1; }
		sleep 0.05
	done
	eval "$var=\$(sed -n 's/^sumdbserver listening on \([^ ]*\) key \(.*\)/\2 \1/p' \"\$work/\$var.log\")"
}
startdb dbA -preload example.com/lib@v1.0.0,example.com/other@v1.0.0 \
    -omit example.com/lib@v1.1.0
startdb dbB -preload example.com/lib@v1.0.0,example.com/other@v1.0.0,example.com/lib@v1.1.0 \
    -tamper example.com/other@v1.0.0
export GONOSUMDB= GOPRIVATE= GOSUMDB="$dbA"

# The program, and the go.sum the go command writes for it.
app="$work/app"
mkdir -p "$app"
cat > "$app/go.mod" <<'MOD'
module example.com/app

go 1.21

require (
	example.com/lib v1.0.0
	example.com/other v1.0.0
)
MOD
printf 'package main\n\nimport (\n\t"example.com/lib"\n\t"example.com/other"\n)\n\nfunc main() { println(lib.V, other.V) }\n' > "$app/main.go"
echo "1..17"
(cd "$app" && go mod tidy) > "$work/out" 2>&1
check "go mod tidy against database A writes go.sum" '[ -s "$app/go.sum" ]'
cp "$app/go.sum" "$work/go.sum.good"

modvet_check() {	# dir output: exit status in $rc
	"$MODVET" check -C "$1" -f json > "$2" 2>&1; rc=$?
}
modvet_check "$app" "$work/good.json"
asked1=$(grep -c "^GET " "$work/dbA.log")
modvet_check "$app" "$work/good2.json"
asked2=$(grep -c "^GET " "$work/dbA.log")
check "a second check asks the database nothing ($asked1 -> $asked2 requests)" \
    '[ "$asked1" -gt 0 ] && [ "$asked2" = "$asked1" ] && cmp -s "$work/good.json" "$work/good2.json"'
check "matching go.sum: no checksum finding (exit $rc)" \
    '[ $rc = 0 ] && ! grep -q "checksum-mismatch\|sumdb-unchecked\|not-in-sumdb" "$work/good.json" || { cp "$work/good.json" "$work/out"; false; }'

# One byte of lib's zip hash changed.
sed 's|^\(example.com/lib v1.0.0 h1:.\)\(.\)|\1Z|' "$work/go.sum.good" > "$app/go.sum"
(cd "$app" && GOMODCACHE="$work/gomodcache2" go mod download example.com/lib) > "$work/go.tamper" 2>&1; gs=$?
modvet_check "$app" "$work/tamper.json"
check "tampered go.sum: the go command refuses (exit $gs) and modvet says checksum-mismatch for lib (exit $rc)" \
    '[ $gs != 0 ] && grep -q "SECURITY ERROR\|checksum mismatch" "$work/go.tamper" && [ $rc = 1 ] &&
    grep -q "\"code\":[[:space:]]*\"checksum-mismatch\"" "$work/tamper.json" && grep -q "checksum database proves" "$work/tamper.json" || { cat "$work/go.tamper" "$work/tamper.json" > "$work/out"; false; }'
check "the evidence names the record and the signed tree" \
    'grep -q "checksum database record [0-9]" "$work/tamper.json" && grep -q "go.sum database tree" "$work/tamper.json"'

# Through the daemon: the same findings (the environment travels with
# the request).
mv_start_daemon d --socket "$work/run/d.sock" --cache "$work/d.db" --refresh-interval 0
"$MODVET" --socket "$work/run/d.sock" check -C "$app" -f json > "$work/tamper.d.json" 2>&1
MODVET_LOCAL=1 "$MODVET" check -C "$app" -f json > "$work/tamper.l.json" 2>&1
check "daemon and in-process give the same answer" \
    'cmp -s "$work/tamper.d.json" "$work/tamper.l.json" || { diff "$work/tamper.l.json" "$work/tamper.d.json" > "$work/out"; false; }'
unset MODVET_LOCAL
export MODVET_LOCAL=1

# An upstream serving other bytes than the log recorded: lib's zip with
# one more file. With no go.sum, the go command's download stops with a
# SECURITY ERROR; fix -w (a new cache, so the zip is fetched from this
# upstream) writes the database's line, the one go mod tidy wrote against
# the honest proxy, and the check after it says checksum-mismatch: the
# zip served is not the one go.sum (the log) names.
cp -R "$work/proxy" "$work/proxy2"
python3 - "$work/proxy2/example.com/lib/@v/v1.0.0.zip" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "a") as z:
    z.writestr("example.com/lib@v1.0.0/extra.go", "package lib\n")
PY
mv_fakeproxy url2 --root "$work/proxy2"
cp -R "$app" "$work/app2" && rm -f "$work/app2/go.sum"
(cd "$work/app2" && GOPROXY="$url2" GOMODCACHE="$work/gomodcache4" GOFLAGS=-mod=mod \
    go mod download example.com/lib) > "$work/go.served" 2>&1; gs=$?
GOPROXY="$url2" MODVET_CACHE="$work/served.db" "$MODVET" fix -C "$work/app2" -w \
    > "$work/served.out" 2>&1; fs=$?
want=$(grep '^example.com/lib v1.0.0 h1:' "$work/go.sum.good")
check "a served zip the log contradicts: go refuses (exit $gs); fix writes the database's line, then says checksum-mismatch (exit $fs)" \
    '[ $gs != 0 ] && grep -q "SECURITY ERROR" "$work/go.served" && [ $fs = 1 ] &&
    grep -q "checksum-mismatch: go.sum line [0-9]* says example.com/lib v1.0.0 h1:.*the module zip the upstream serves hashes to" "$work/served.out" &&
    grep -qx "$want" "$work/app2/go.sum" || { cat "$work/go.served" "$work/served.out" "$work/app2/go.sum" > "$work/out"; false; }'

# A version the log lacks, with no go.sum line: the go command refuses
# to download it; modvet says not-in-sumdb.
cp "$work/go.sum.good" "$app/go.sum"
sed -i 's/example.com\/lib v1.0.0/example.com\/lib v1.1.0/' "$app/go.mod"
(cd "$app" && GOMODCACHE="$work/gomodcache3" GOFLAGS=-mod=mod go mod download example.com/lib) > "$work/go.absent" 2>&1; gs=$?
modvet_check "$app" "$work/absent.json"
check "lib v1.1.0, not in the log: go refuses (exit $gs), modvet says not-in-sumdb (exit $rc)" \
    '[ $gs != 0 ] && grep -q "404\|not found\|Not Found" "$work/go.absent" && [ $rc = 1 ] &&
    grep -q "\"code\":[[:space:]]*\"not-in-sumdb\"" "$work/absent.json" || { cat "$work/go.absent" "$work/absent.json" > "$work/out"; false; }'

# The same version with its go.sum lines (computed from the zip): the go
# command trusts go.sum; modvet notes the database could not confirm them.
h1zip=$("$MVTOOL" h1zip "$work/proxy/example.com/lib/@v/v1.1.0.zip")
h1mod=$("$MVTOOL" h1mod "$work/proxy/example.com/lib/@v/v1.1.0.mod")
printf 'example.com/lib v1.1.0 %s\nexample.com/lib v1.1.0/go.mod %s\n' "$h1zip" "$h1mod" >> "$app/go.sum"
(cd "$app" && GOMODCACHE="$work/gomodcache4" go mod download example.com/lib) > "$work/go.trusted" 2>&1; gs=$?
modvet_check "$app" "$work/trusted.json"
check "its go.sum lines present: go accepts (exit $gs), modvet only notes sumdb-unchecked (exit $rc)" \
    '[ $gs = 0 ] && [ $rc = 0 ] && grep -q "\"code\":[[:space:]]*\"sumdb-unchecked\"" "$work/trusted.json" &&
    ! grep -q "checksum-mismatch\|not-in-sumdb" "$work/trusted.json" || { cat "$work/go.trusted" "$work/trusted.json" > "$work/out"; false; }'

# Database B forks the log A signed: asked about lib v1.1.0 (which A
# never logged, so nothing cached answers it), it shows a tree that does
# not extend A's. The tree kept from A is not replaced.
export GOSUMDB="$dbB"
modvet_check "$app" "$work/fork.json"
export GOSUMDB="$dbA"
sed -i 's/example.com\/lib v1.1.0/example.com\/lib v1.0.0/' "$app/go.mod"
cp "$work/go.sum.good" "$app/go.sum"
check "database B, a fork of A's log: reported as a fork (exit $rc)" \
    '[ $rc = 1 ] && grep -q "fork of the log" "$work/fork.json" && grep -q "SECURITY ERROR" "$work/fork.json" || { cp "$work/fork.json" "$work/out"; false; }'
modvet_check "$app" "$work/again.json"
check "back on database A: still consistent with the tree kept (exit $rc)" \
    '[ $rc = 0 ] && ! grep -q "checksum-mismatch" "$work/again.json" || { cp "$work/again.json" "$work/out"; false; }'
# The go command's own tree (in $GOPATH/pkg/sumdb) is A's since tidy.
rm -f "$app/go.sum"
(cd "$app" && GOMODCACHE="$work/gomodcache7" GOSUMDB="$dbB" GOFLAGS=-mod=mod go mod download example.com/other) > "$work/go.fork" 2>&1; gs=$?
check "the go command, having seen A, also refuses B (exit $gs)" \
    '[ $gs != 0 ] && grep -q "SECURITY ERROR\|misbehavior\|verifying" "$work/go.fork" || { cp "$work/go.fork" "$work/out"; false; }'

# A warm check asks the database nothing.
cp "$work/go.sum.good" "$app/go.sum"
"$MVTOOL" sumdb-lookup example.com/lib@v1.0.0 example.com/other@v1.0.0 > "$work/warm" 2>&1
check "a warm lookup of verified versions makes no request" 'grep -q "^requests 0 " "$work/warm" || { cp "$work/warm" "$work/out"; false; }'

# One daemon keeps what it proved from one check to the next (gomod/
# sumdb-memo.c): its answers stay those of a process that proves all
# again (in-process, on the same cache), a tampered go.sum is still a
# mismatch, and the fork is still seen after good checks.
mv_start_daemon d2 --socket "$work/run/d2.sock" --cache "$work/d2.db" --refresh-interval 0
dcheck() {	# output: exit status in $rc
	"$MODVET" --socket "$work/run/d2.sock" check -C "$app" -f json > "$1" 2>&1; rc=$?
}
dcheck "$work/d-good1.json"; r1=$rc
dcheck "$work/d-good2.json"; r2=$rc
sed -i 's/h1:[A-Za-z0-9+\/]/h1:0/' "$app/go.sum"
dcheck "$work/d-tamper.json"; r3=$rc
MODVET_LOCAL=1 MODVET_CACHE="$work/d2.db" "$MODVET" check -C "$app" -f json > "$work/l-tamper.json" 2>&1
# What each says the checksum database proves (a new process may not see
# the zip hashes the daemon has computed yet: those findings are apart).
sumdb_says() {
	python3 - "$1" <<'PY'
import json, sys
for f in json.load(open(sys.argv[1]))["findings"]:
    if "checksum database" in f["message"]:
        print(f["code"], f["module"], f["version"], f["message"])
PY
}
sumdb_says "$work/d-tamper.json" > "$work/d-tamper.txt"
sumdb_says "$work/l-tamper.json" > "$work/l-tamper.txt"
cp "$work/go.sum.good" "$app/go.sum"
sed -i 's/example.com\/lib v1.0.0/example.com\/lib v1.1.0/' "$app/go.mod"
GOSUMDB="$dbB" dcheck "$work/d-fork.json"; r4=$rc
sed -i 's/example.com\/lib v1.1.0/example.com\/lib v1.0.0/' "$app/go.mod"
dcheck "$work/d-again.json"; r5=$rc
check "one daemon, checks in a row: good ($r1, $r2, the same answer), tampered go.sum a mismatch as in a new process ($r3), database B's fork seen ($r4), back on A consistent ($r5)" \
    '[ $r1 = 0 ] && [ $r2 = 0 ] && cmp -s "$work/d-good1.json" "$work/d-good2.json" &&
    [ $r3 = 1 ] && [ -s "$work/d-tamper.txt" ] && cmp -s "$work/d-tamper.txt" "$work/l-tamper.txt" &&
    [ $r4 = 1 ] && grep -q "fork of the log" "$work/d-fork.json" &&
    [ $r5 = 0 ] && ! grep -q "checksum-mismatch" "$work/d-again.json" ||
    { { diff "$work/d-good1.json" "$work/d-good2.json"; diff "$work/l-tamper.txt" "$work/d-tamper.txt";
    grep -c "fork of the log" "$work/d-fork.json"; grep checksum-mismatch "$work/d-again.json"; } > "$work/out" 2>&1; false; }'

# A version no upstream has: unknown-version, with what the log says of
# it and of the version suggested instead.
sed -i 's/example.com\/other v1.0.0/example.com\/other v1.0.1/' "$app/go.mod"
modvet_check "$app" "$work/unknown.json"
sed -i 's/example.com\/other v1.0.1/example.com\/other v1.0.0/' "$app/go.mod"
check "other v1.0.1, which no upstream has: unknown-version, the log has no record of it and has v1.0.0 as record N (exit $rc)" \
    '[ $rc = 1 ] && grep -q "\"code\":[[:space:]]*\"unknown-version\"" "$work/unknown.json" &&
    grep -q "the checksum database has no record of example.com/other@v1.0.1 (it has v1.0.0 as record [0-9][0-9]*)" "$work/unknown.json" ||
    { cp "$work/unknown.json" "$work/out"; false; }'

# The pins' lookups are asked ahead, with round 1 of a check (engine/
# check.c check_ask_lookups): with 200 ms of latency on the module proxy,
# modvetd's debug log shows the lookup of lib going out while lib's list
# is on the wire (before, it waited for three rounds of the proxy).
mv_fakeproxy slow --root "$work/proxy" --latency 200
mv_start_daemon d3 --socket "$work/run/d3.sock" --cache "$work/d3.db" \
    --refresh-interval 0 --log-level debug
GOPROXY="$slow" MODVET_LOCAL= "$MODVET" --socket "$work/run/d3.sock" \
    check -C "$app" > "$work/ahead.out" 2>&1; rc=$?
asked() { sed -n "s|^debug: fetch: asked at \([0-9]*\) ms, \([0-9]*\)[.0-9]* ms: $1: .*|\1 \2|p" "$work/d3.log" | head -1; }
read -r list_at list_ms <<EOT
$(asked "$slow/example.com/lib/@v/list")
EOT
read -r look_at look_ms <<EOT
$(asked "${dbA##* }/lookup/example.com/lib@v1.0.0")
EOT
cp "$work/d3.log" "$work/out"
check "the pins' lookups go out with round 1 (lib's list asked at ${list_at:-?} ms for ${list_ms:-?} ms, its lookup at ${look_at:-?} ms; exit $rc)" \
    '[ $rc = 0 ] && [ -n "$list_at" ] && [ -n "$look_at" ] && [ "$list_ms" -ge 200 ] &&
    [ "$look_at" -lt $((list_at + list_ms)) ]'

# The real database through this machine's module proxy.
GOPROXY=https://proxy.golang.org GOSUMDB= MODVET_CACHE="$work/real.db" \
    "$MVTOOL" sumdb-lookup github.com/pulumi/pulumi/sdk/v3@v3.100.0 > "$work/real" 2>&1; rs=$?
if [ $rs = 0 ]; then
	check "a real record, proven against sum.golang.org's key through the proxy" \
	    'grep -q "^github.com/pulumi/pulumi/sdk/v3 v3.100.0 h1:2XY5+mNxn/cpVEVx06N+gO7Ub9wDoOP0WxLvune4DJo=$" "$work/real" || { cp "$work/real" "$work/out"; false; }'
elif grep -q "unavailable\|Could not resolve\|connect" "$work/real"; then
	skip "https://proxy.golang.org unreachable: $(grep '^error' "$work/real" | head -1)"
else
	cp "$work/real" "$work/out"; notok "a real record through the proxy"
fi
