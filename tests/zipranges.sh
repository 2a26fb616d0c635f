#!/bin/sh
# The package index read by HTTP Range (engine/pkgindex.c, proxyapi/
# ziprange.c, gosrc/zipdir.c), against the fake proxy serving the real
# pulumi-aws v6.58.0 zip (10,450,729 bytes) and counting what each request
# sent: the seed program with its pins moved to v6.58.0 reads the zip's
# central directory and the packages it needs in at most 3 requests and
# 1.5 MB where the proxy answers several ranges at once; one range at a
# time (as proxy.golang.org) and no ranges at all give the same findings,
# the latter from one download of the whole zip; the packages read are
# those of the whole index; a warm check asks nothing; a new import reads
# only its package. Then a ZIP64 module zip (65,536 entries) made here.
# TAP.
set -u
. "${srcdir:-.}/tests/lib.sh"
mv_setup zipranges
mv_need_shared
fx="$MV_SHARED/fixtures"
aws=github.com/pulumi/pulumi-aws/sdk/v6
zipsize=10450729
export GOFLAGS= GOPRIVATE= GONOPROXY= GOINSECURE=
echo "1..11"

# The seed program, pins moved, with the go.sum lines of the fixed one
# (so no finding needs the zip's hash, which a partial read has not).
cp -R "$fx/programs/gitops-pipeline" "$work/seed"
sed -i 's/v6.20.0/v6.58.0/; s/v3.100.0/v3.143.0/' "$work/seed/go.mod"
cp "$fx/programs/gitops-pipeline/fixed/go.sum.tidy" "$work/seed/go.sum"

# run MODE: check the seed through a fake proxy answering ranges as MODE,
# with a cache of its own; the findings' lines in $work/MODE.txt, the
# proxy's log in $work/MODE.log.
run() {
	mode=$1
	mv_fakeproxy url --root "$srcdir/tests/data/goproxy-seed" \
	    --root "$fx/goproxy-pulumi-aws-zips" --root "$fx/goproxy-pulumi" \
	    --ranges "$mode" --log "$work/$mode.log"
	GOPROXY="$url" MODVET_CACHE="$work/$mode.db" "$MODVET" check \
	    -C "$work/seed" -f json > "$work/$mode.json" 2>&1
	findings "$work/$mode.json" > "$work/$mode.txt"
}
findings() {
	python3 - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for f in d["findings"]:
    if f["code"] in ("unknown-package", "unknown-symbol", "no-module"):
        print(f["code"], f.get("source", "go.mod"), f["line"], f["column"],
              (f.get("alternatives") or ["-"])[0])
PY
}
# The requests for the pulumi-aws zip in a log: "REQUESTS BYTES".
cost() {
	awk -v z="/$aws/@v/v6.58.0.zip" '$2 == z { r++; b += $4 } END { print r + 0, b + 0 }' "$1"
}

run multi
set -- $(cost "$work/multi.log")
mreq=$1 mbytes=$2
check "several ranges at once: the pulumi-aws index in $mreq requests, $mbytes bytes of $zipsize (at most 3 and 1.5 MB)" \
    '[ "$mreq" -ge 2 ] && [ "$mreq" -le 3 ] && [ "$mbytes" -le 1572864 ] ||
    { cp "$work/multi.log" "$work/out"; false; }'
check "and the findings of the seed: 2 unknown-package, 12 unknown-symbol, lb first for elasticloadbalancingv2" \
    '[ "$(grep -c "^unknown-package" "$work/multi.txt")" = 2 ] &&
    [ "$(grep -c "^unknown-symbol" "$work/multi.txt")" = 12 ] &&
    grep -q "^unknown-package main.go 12 2 $aws/go/aws/lb\$" "$work/multi.txt" ||
    { cp "$work/multi.txt" "$work/out"; false; }'

run single
set -- $(cost "$work/single.log")
sreq=$1
# The bytes of the ranges answered (the refused request is the next test's).
sbytes=$(awk -v z="/$aws/@v/v6.58.0.zip" '$2 == z && $3 == 206 { b += $4 } END { print b + 0 }' "$work/single.log")
refused=$(awk '$3 == 200 && $5 != "-"' "$work/single.log" | wc -l)
check "one range a request (as proxy.golang.org): $sreq requests, $sbytes bytes in ranges, the same findings; several ranges asked once ($refused)" \
    '[ "$sbytes" -le 2097152 ] && [ "$refused" = 1 ] && cmp -s "$work/multi.txt" "$work/single.txt" ||
    { diff "$work/multi.txt" "$work/single.txt" > "$work/out"; cat "$work/single.log" >> "$work/out"; false; }'

run none
set -- $(cost "$work/none.log")
nreq=$1
whole=$(awk -v z="/$aws/@v/v6.58.0.zip" -v s=$zipsize '$2 == z && $3 == 200 && $4 == s' "$work/none.log" | wc -l)
check "ranges refused: one download of the whole zip ($whole of $nreq requests; the refused one cut short), the same findings" \
    '[ "$whole" = 1 ] && cmp -s "$work/multi.txt" "$work/none.txt" ||
    { diff "$work/multi.txt" "$work/none.txt" > "$work/out"; cat "$work/none.log" >> "$work/out"; false; }'

# What the proxy handed its socket before modvet hung up (the kernel's
# buffers take some: a share of the zip, never all of it).
cut=$(awk '$3 == 200 && $5 != "-" { if ($4 > m) m = $4 } END { print m + 0 }' "$work/single.log" "$work/none.log")
check "an answer of the whole zip to a Range request is cut short (at most $cut of $zipsize bytes sent)" \
    '[ "$cut" -lt $((zipsize / 2)) ] ||
    { awk '"'"'$3 == 200 && $5 != "-"'"'"' "$work/single.log" "$work/none.log" > "$work/out"; false; }'

# The index rows: the partial one's packages are the whole one's.
python3 - "$work/multi.db" "$work/none.db" "$aws" v6.58.0 > "$work/same.txt" 2>&1 <<'PY'
import sqlite3, sys
def row(db):
    c = sqlite3.connect(db)
    (t,) = c.execute("SELECT data FROM pkgindex WHERE path=? AND version=?",
                     (sys.argv[3], sys.argv[4])).fetchone()
    return t
def blocks(text):
    out, cur, key = {}, [], None
    for line in text.splitlines()[1:]:
        if line[:2] in ("P ", "D ", "U ") or line.startswith("end "):
            if key: out[key] = cur
            key, cur = (line[0] + " " + line[2:].split("\t")[0], [line]) if line[0] in "PDU" else (None, [])
        else:
            cur.append(line)
    return out
part, whole = blocks(row(sys.argv[1])), blocks(row(sys.argv[2]))
read = [k for k in part if k[0] in "PD"]
unread = {k[2:] for k in part if k[0] == "U"}
bad = [k for k in read if part[k] != whole.get(k)]
missing = [k for k in whole if k[0] == "D" and k[2:] not in unread and k not in part]
print(len(read), "read", len(unread), "unread", len(bad), "differ", len(missing), "unlisted")
for k in bad[:5] + missing[:5]: print("!", k)
PY
check "the packages read by ranges are the whole zip's, every other directory is listed unread ($(head -1 "$work/same.txt"))" \
    'grep -q "^[1-9][0-9]* read [1-9][0-9]* unread 0 differ 0 unlisted$" "$work/same.txt" || { cp "$work/same.txt" "$work/out"; false; }'

# Warm: the same check asks nothing of the zip.
mv_fakeproxy url --root "$srcdir/tests/data/goproxy-seed" \
    --root "$fx/goproxy-pulumi-aws-zips" --root "$fx/goproxy-pulumi" \
    --ranges multi --log "$work/warm.log"
GOPROXY="$url" MODVET_CACHE="$work/multi.db" "$MODVET" check -C "$work/seed" \
    -f json > "$work/warm.json" 2>&1
findings "$work/warm.json" > "$work/warm.txt"
check "warm: the same findings, no request for the zip" \
    'cmp -s "$work/multi.txt" "$work/warm.txt" && ! grep -q "/$aws/@v/v6.58.0.zip " "$work/warm.log" ||
    { cat "$work/warm.log" > "$work/out"; false; }'

# A new import, on the partial index: its package alone is read.
cat > "$work/seed/bucket.go" <<'EOF'
package main

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func bucket(ctx *pulumi.Context) error {
	_, err := s3.NewBucketV2(ctx, "b", &s3.BucketV2Args{})
	_ = s3.NoSuchThing
	return err
}
EOF
: > "$work/warm.log"
GOPROXY="$url" MODVET_CACHE="$work/multi.db" "$MODVET" check -C "$work/seed" \
    -f json > "$work/s3.json" 2>&1
findings "$work/s3.json" > "$work/s3.txt"
set -- $(cost "$work/warm.log")
s3req=$1 s3bytes=$2
check "a new import (s3) on the partial index: read in $s3req requests, $s3bytes bytes; s3.NoSuchThing is unknown, s3.NewBucketV2 is not" \
    '[ "$s3req" -le 3 ] && [ "$s3bytes" -le 1048576 ] &&
    grep -q "^unknown-symbol bucket.go 10 6 " "$work/s3.txt" &&
    [ "$(grep -c "^unknown-symbol bucket.go" "$work/s3.txt")" = 1 ] ||
    { cat "$work/s3.txt" "$work/warm.log" > "$work/out"; false; }'
rm "$work/seed/bucket.go"

# ZIP64: a module zip of 65,536 entries (its end records are ZIP64's),
# made here with Python's zipfile; one package imported of three.
python3 - "$work/bigproxy" <<'PY'
import base64, hashlib, io, os, sys, zipfile
root, mod, ver = sys.argv[1], "example.com/big", "v1.0.0"
d = os.path.join(root, mod, "@v"); os.makedirs(d)
files = {"go.mod": b"module example.com/big\n\ngo 1.21\n"}
for p in ("alpha", "beta", "gamma"):
    files[p + "/" + p + ".go"] = ("package %s\n\nfunc Hello() string { return \"%s\" }\n" % (p, p)).encode()
for k in range(65536 - len(files)):
    files["data/f%05d.txt" % k] = b"x"
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
    for name in sorted(files):
        z.writestr(mod + "@" + ver + "/" + name, files[name])
data = buf.getvalue()
assert b"PK\x06\x06" in data[-200:], "no ZIP64 end record"
open(os.path.join(d, ver + ".zip"), "wb").write(data)
open(os.path.join(d, ver + ".mod"), "wb").write(files["go.mod"])
open(os.path.join(d, ver + ".info"), "w").write('{"Version":"v1.0.0","Time":"2024-01-01T00:00:00Z"}')
open(os.path.join(d, "list"), "w").write("v1.0.0\n")
# go.sum's h1 (x/mod dirhash Hash1) for the program's go.sum.
lines = "".join("%s  %s\n" % (hashlib.sha256(files[n]).hexdigest(), mod + "@" + ver + "/" + n) for n in sorted(files, key=lambda n: mod + "@" + ver + "/" + n))
h1 = base64.b64encode(hashlib.sha256(lines.encode()).digest()).decode()
gm = base64.b64encode(hashlib.sha256(("%s  go.mod\n" % hashlib.sha256(files["go.mod"]).hexdigest()).encode()).digest()).decode()
open(os.path.join(root, "go.sum"), "w").write("%s %s h1:%s\n%s %s/go.mod h1:%s\n" % (mod, ver, h1, mod, ver, gm))
PY
mkdir -p "$work/big"
printf 'module example.com/app\n\ngo 1.21\n\nrequire example.com/big v1.0.0\n' > "$work/big/go.mod"
cp "$work/bigproxy/go.sum" "$work/big/go.sum"
printf 'package main\n\nimport "example.com/big/beta"\n\nfunc main() {\n\t_ = beta.Hello()\n\t_ = beta.Bye()\n}\n' > "$work/big/main.go"
mv_fakeproxy url --root "$work/bigproxy" --ranges multi --log "$work/big.log"
GOPROXY="$url" MODVET_CACHE="$work/big.db" "$MODVET" check -C "$work/big" \
    -f json > "$work/big.json" 2>&1
findings "$work/big.json" > "$work/big.txt"
bigsize=$(wc -c < "$work/bigproxy/example.com/big/@v/v1.0.0.zip")
set -- $(awk '$2 ~ /\.zip$/ { r++; b += $4 } END { print r + 0, b + 0 }' "$work/big.log")
bigreq=$1 bigbytes=$2
check "ZIP64 ($bigsize bytes, 65,536 entries): beta.Bye is unknown, beta.Hello is not; $bigreq requests, $bigbytes bytes" \
    '[ "$(cat "$work/big.txt")" = "unknown-symbol main.go 7 6 -" ] && [ "$bigbytes" -lt "$bigsize" ] ||
    { cat "$work/big.txt" "$work/big.json" "$work/big.log" > "$work/out"; false; }'
check "the go command agrees: beta.Bye is undefined, beta.Hello is not" \
    'cd "$work/big" && GOPROXY="$url" GOFLAGS=-mod=mod GOSUMDB=off GOTOOLCHAIN=local GOMODCACHE="$work/gomodcache" GOCACHE="$work/gocache" go vet ./... > "$work/go.out" 2>&1;
    cd "$work"; grep -q "undefined: beta.Bye" "$work/go.out" && ! grep -q "Hello" "$work/go.out" || { cp "$work/go.out" "$work/out"; false; }'
check "go mod verify agrees with the go.sum this test wrote (the zip's h1)" \
    'cd "$work/big" && GOPROXY="$url" GOFLAGS=-mod=mod GOSUMDB=off GOTOOLCHAIN=local GOMODCACHE="$work/gomodcache" GOCACHE="$work/gocache" go mod verify > "$work/go.out" 2>&1;
    st=$?; cd "$work"; [ $st = 0 ] || { cp "$work/go.out" "$work/out"; false; }'
