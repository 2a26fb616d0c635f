#!/bin/sh
# gosrc/ against go/parser: every .go file of the fixture module zips
# (pulumi sdk/v3, awsx, random, three pulumi-aws v6 releases) and of the
# seed program, read by modvet ("mvtool gosrc") and by a small Go program
# on go/parser (tests/tools/gosrcdump): package clauses, whether
# go/build builds the file for linux/amd64 (build lines, +build lines,
# file names),
# imports and exported top-level names identical; every pkg.Name selector
# modvet reports is one go/parser sees on a name the file does not
# declare (modvet may stay silent, never wrong). Then bad input: not Go,
# truncated, 10 MB of one token. TAP.
set -u
. "${srcdir:-.}/tests/lib.sh"
mv_setup gosrc
mv_need_shared
if ! mv_have_go; then
	echo "1..0 # SKIP go not found (go/parser is the reference)"; exit 0
fi
(cd "$srcdir/tests/tools/gosrcdump" && GOWORK=off GOTOOLCHAIN=local GOFLAGS= \
    go build -o "$work/gosrcdump" .) > "$work/build.log" 2>&1 || {
	echo "1..0 # SKIP cannot build tests/tools/gosrcdump: $(tail -1 "$work/build.log")"; exit 0; }
echo "1..5"
python3 - "$MV_SHARED/fixtures" "$work/src" <<'PY'
import sys, os, zipfile
root, out = sys.argv[1:]
for d, _, files in os.walk(root):
    for f in files:
        if f.endswith(".zip"):
            with zipfile.ZipFile(os.path.join(d, f)) as z:
                for n in z.namelist():
                    if n.endswith(".go"):
                        z.extract(n, out)
PY
cp -R "$MV_SHARED/fixtures/programs" "$work/src/programs"
# Build constraints in the forms the fixtures barely use: "// +build"
# lines (honoured only in the header, a blank line after them, and ANDed
# line by line), beside //go:build, and platform file names.
python3 - "$work/src/constraints" <<'PY'
import os, sys
out = sys.argv[1]
os.makedirs(out)
cases = {
    "plus_ok.go": "// +build linux\n\npackage p\n",
    "plus_no.go": "// +build windows\n\npackage p\n",
    "plus_noblank.go": "// +build windows\npackage p\n",
    "plus_or.go": "// +build windows darwin,!cgo linux,amd64\n\npackage p\n",
    "plus_and_lines.go": "// +build linux\n// +build 386\n\npackage p\n",
    "plus_or_and_lines.go": "// +build windows linux\n// +build 386\n\npackage p\n",
    "plus_empty.go": "// +build\n\npackage p\n",
    "plus_two_blocks.go": "// +build linux\n\n// +build !amd64\n\npackage p\n",
    "plus_after_doc.go": "// Copyright\n\n// +build ignore\n\n// Package p.\npackage p\n",
    "plus_after_block.go": "/* c */\n// +build ignore\n\npackage p\n",
    "plus_bad.go": "// +build linux,,amd64\n\npackage p\n",
    "plus_bang.go": "// +build !!linux\n\npackage p\n",
    "plus_ignore.go": "//+build ignore\n\npackage main\n",
    "both.go": "//go:build linux\n// +build windows\n\npackage p\n",
    "gobuild_paren.go": "//go:build (linux || darwin) && !(386 || arm)\n\npackage p\n",
    "gobuild_unix.go": "//go:build unix && cgo && gc && go1.18\n\npackage p\n",
    "x_windows.go": "package p\n",
    "x_linux_amd64.go": "package p\n",
    "x_linux_arm64.go": "package p\n",
    "x_windows_test.go": "package p\n",
    "linux_test.go": "package p\n",
    "x_amd64_test.go": "package p\n",
    "windows.go": "package p\n",
}
for name, text in cases.items():
    open(os.path.join(out, name), "w").write(text)
PY
find "$work/src" -name '*.go' | sort > "$work/list"
nfiles=$(wc -l < "$work/list")
xargs "$MVTOOL" gosrc < "$work/list" > "$work/mv.out" 2>&1
xargs "$work/gosrcdump" < "$work/list" > "$work/go.out" 2>&1
grep -v '^use ' "$work/mv.out" > "$work/mv.decl"
grep -v '^use ' "$work/go.out" > "$work/go.decl"
check "$nfiles files: package, linux/amd64 build decision, imports and exported names equal go/parser's" \
    'cmp -s "$work/go.decl" "$work/mv.decl" || { diff "$work/go.decl" "$work/mv.decl" | head -20 > "$work/out"; false; }'
python3 - "$work/go.out" "$work/mv.out" > "$work/uses" <<'PY'
import sys
def load(p):
    d, cur = {}, None
    for l in open(p):
        l = l.rstrip("\n")
        if l.startswith("== "):
            cur = l[3:]; d[cur] = set()
        elif l.startswith("use "):
            d[cur].add(l)
    return d
g, m = load(sys.argv[1]), load(sys.argv[2])
wrong = sum(len(m[f] - g.get(f, set())) for f in m)
ng = sum(len(v) for v in g.values())
nm = sum(len(v) for v in m.values())
print(wrong, nm, ng)
for f in m:
    for u in sorted(m[f] - g.get(f, set()))[:3]:
        print("#", f, u)
PY
read wrong nm ng < "$work/uses"
check "selectors: $nm of go/parser's $ng found, $wrong that go/parser does not see" \
    '[ "$wrong" = 0 ] && [ $((nm * 1000)) -ge $((ng * 999)) ] || { cp "$work/uses" "$work/out"; false; }'

# Bad input: a clear error naming the place, never a crash.
head -c 4096 /dev/urandom > "$work/binary.go"
head -c 1000 "$MV_SHARED/fixtures/programs/gitops-pipeline/main.go" > "$work/truncated.go"
python3 -c 'import sys; sys.stdout.write("package p\n\nvar x = " + "a" * (10 << 20) + "\n")' > "$work/onetoken.go"
"$MVTOOL" gosrc "$work/binary.go" "$work/truncated.go" > "$work/bad.out" 2>&1; bs=$?
check "binary and truncated files: an error with line and column each (exit $bs)" \
    '[ $bs = 0 ] && [ "$(grep -c "^error [0-9]*:[0-9]*: " "$work/bad.out")" = 2 ] || { cp "$work/bad.out" "$work/out"; false; }'
t0=$(date +%s%N)
"$MVTOOL" gosrc "$work/onetoken.go" > "$work/one.out" 2>&1; os=$?
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
check "10 MB of one token: read in ${ms} ms (exit $os)" \
    '[ $os = 0 ] && grep -q "^package p$" "$work/one.out" || { cp "$work/one.out" "$work/out"; false; }'
"$work/gosrcdump" "$work/truncated.go" > "$work/go.bad" 2>&1
check "the truncated file is refused by go/parser too" 'grep -q "^error" "$work/go.bad"'
