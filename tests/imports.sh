#!/bin/sh
# Imports and symbols on the program this project was born from
# (SHARED/fixtures/programs/gitops-pipeline), against the module proxy
# recorded in tests/data/goproxy-seed (tests/data/record-seed-proxy) and
# the real pulumi-aws v6 and pulumi sdk/v3 zips of SHARED/fixtures, served
# by the fake proxy: as written, its pin of v6.20.0 does not exist; with
# the pins moved, the AWS SDK's package names and the calls on them are
# found, each with the right alternative first; fixed/ has none; through
# the daemon the answer is the same. Then mutants of a real module's own
# code (pulumi-random sdk/v4): every renamed selector or import is
# reported at its place. TAP.
set -u
. "${srcdir:-.}/tests/lib.sh"
mv_setup imports
mv_need_shared
: "${MODVETD:=$builddir/modvetd}"
: "${MUTANTS:=200}"
fx="$MV_SHARED/fixtures"
mv_fakeproxy url --root "$srcdir/tests/data/goproxy-seed" \
    --root "$fx/goproxy-pulumi-aws-zips" --root "$fx/goproxy-pulumi"
export GOPROXY="$url" GOFLAGS= GOPRIVATE= GONOPROXY= GOINSECURE=
echo "1..15"

cp -R "$fx/programs/gitops-pipeline" "$work/seed"
"$MODVET" check -C "$work/seed" -f json > "$work/asis.json" 2>&1; rc=$?
check "as written: unknown-version for pulumi-aws v6.20.0 (exit $rc)" \
    '[ $rc = 1 ] && grep -q "\"code\":[[:space:]]*\"unknown-version\"" "$work/asis.json" ||
    { cp "$work/asis.json" "$work/out"; false; }'

sed -i 's/v6.20.0/v6.58.0/; s/v3.100.0/v3.143.0/' "$work/seed/go.mod"
"$MODVET" check -C "$work/seed" -f json > "$work/moved.json" 2>&1; rc=$?
# The findings as "code file:line:col first-alternative" lines.
python3 - "$work/moved.json" > "$work/moved.txt" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for f in d["findings"]:
    if f["code"] in ("unknown-package", "unknown-symbol", "no-module"):
        alt = (f.get("alternatives") or ["-"])[0]
        print(f["code"], "%s:%d:%d" % (f.get("source", "go.mod"), f["line"], f["column"]),
              f["message"].split(":")[0] if f["code"] == "unknown-symbol" else "", alt,
              " | ".join(f["evidence"]))
PY
aws=github.com/pulumi/pulumi-aws/sdk/v6/go/aws
check "pins moved: unknown-package elasticloadbalancingv2 at main.go:12:2, first $aws/lb, by an alias token (exit $rc)" \
    'grep -q "^unknown-package main.go:12:2  $aws/lb the type token aws:elasticloadbalancingv2/" "$work/moved.txt" ||
    { cp "$work/moved.txt" "$work/out"; false; }'
check "unknown-package events at main.go:13:2, first $aws/cloudwatch" \
    'grep -q "^unknown-package main.go:13:2  $aws/cloudwatch" "$work/moved.txt" || { cp "$work/moved.txt" "$work/out"; false; }'
check "events.NewRule -> cloudwatch.NewEventRule, events.NewTarget -> cloudwatch.NewEventTarget, events.RuleArgs -> cloudwatch.EventRuleArgs" \
    'grep -q "^unknown-symbol main.go:[0-9:]* events.NewRule cloudwatch.NewEventRule " "$work/moved.txt" &&
    grep -q "^unknown-symbol main.go:[0-9:]* events.NewTarget cloudwatch.NewEventTarget " "$work/moved.txt" &&
    grep -q "^unknown-symbol main.go:[0-9:]* events.RuleArgs cloudwatch.EventRuleArgs " "$work/moved.txt" ||
    { cp "$work/moved.txt" "$work/out"; false; }'
check "elasticloadbalancingv2.NewLoadBalancer -> lb.NewLoadBalancer" \
    'grep -q "^unknown-symbol main.go:59:15 elasticloadbalancingv2.NewLoadBalancer lb.NewLoadBalancer " "$work/moved.txt" ||
    { cp "$work/moved.txt" "$work/out"; false; }'
check "nothing else is reported of the program (2 packages, 12 symbols)" \
    '[ "$(grep -c "^unknown-package" "$work/moved.txt")" = 2 ] && [ "$(grep -c "^unknown-symbol" "$work/moved.txt")" = 12 ] &&
    ! grep -q "^no-module" "$work/moved.txt" || { cp "$work/moved.txt" "$work/out"; false; }'

"$MODVET" check -C "$work/seed/fixed" -f json > "$work/fixed.json" 2>&1; rc=$?
check "fixed/: no import or symbol finding, no error (exit $rc)" \
    '[ $rc = 0 ] && ! grep -q "unknown-package\|unknown-symbol\|no-module" "$work/fixed.json" ||
    { cp "$work/fixed.json" "$work/out"; false; }'

# Through the daemon: the client sends imports and uses, not the files.
mv_start_daemon d --socket "$work/run/d.sock" --cache "$work/d.db" --refresh-interval 0
unset MODVET_LOCAL
"$MODVET" --socket "$work/run/d.sock" check -C "$work/seed" -f json > "$work/moved.d.json" 2>&1
export MODVET_LOCAL=1
check "through the daemon: the same findings" \
    'cmp -s "$work/moved.json" "$work/moved.d.json" || { diff "$work/moved.json" "$work/moved.d.json" | head -20 > "$work/out"; false; }'

# fix rewrites what an alias token proves (elasticloadbalancingv2 -> lb:
# the import and every selector on it), and only suggests the rest
# (events): the same diff in-process and through the daemon, which never
# reads the files; with -w the file is still Go (gofmt -e).
"$MODVET" fix -C "$work/seed" > "$work/fix.l" 2>&1
unset MODVET_LOCAL
"$MODVET" --socket "$work/run/d.sock" fix -C "$work/seed" > "$work/fix.d" 2>&1
export MODVET_LOCAL=1
n_lb=$(grep -c '^+.*\blb\.' "$work/fix.l")
n_old=$(grep -c '^+.*elasticloadbalancingv2' "$work/fix.l")
check "fix: the import becomes $aws/lb and its $n_lb selector lines lb.X; events is left, its findings remain; daemon = in-process" \
    'grep -q "^+	\"$aws/lb\"" "$work/fix.l" && [ "$n_lb" -ge 4 ] && [ "$n_old" = 0 ] &&
    ! grep -q "^[-+].*aws/events" "$work/fix.l" && grep -q "unknown-package.*events" "$work/fix.l" &&
    ! grep -q "unknown-package.*elasticloadbalancingv2" "$work/fix.l" && cmp -s "$work/fix.l" "$work/fix.d" ||
    { { diff "$work/fix.l" "$work/fix.d"; cat "$work/fix.l"; } | head -60 > "$work/out"; false; }'
cp -R "$work/seed" "$work/seedw"
"$MODVET" fix -C "$work/seedw" -w > "$work/fixw.out" 2>&1
if command -v gofmt > /dev/null 2>&1; then
	gofmt -e "$work/seedw/main.go" > /dev/null 2> "$work/gofmt.err"; gf=$?
else
	gf=0
fi
check "fix -w writes main.go with lb (gofmt -e: exit $gf)" \
    '[ $gf = 0 ] && grep -q "lb.NewLoadBalancer" "$work/seedw/main.go" && ! grep -q elasticloadbalancingv2 "$work/seedw/main.go" ||
    { cat "$work/fixw.out" "$work/gofmt.err" > "$work/out"; false; }'

# An import no required module provides: no-module, with the module go
# get adds for it (the longest prefix of the path that is a module whose
# latest version has the package; the go command, on the same proxy, is
# the oracle); fix -w requires it. example.com/lib has the package only
# from v1.1.0 on, and example.com/lib/feature is not a module.
mkmod="$srcdir/tests/tools/mkmod.py"
python3 "$mkmod" "$work/nomodproxy" example.com/lib v1.0.0 'lib.go=package lib\n'
python3 "$mkmod" "$work/nomodproxy" example.com/lib v1.1.0 'lib.go=package lib\n' \
    'feature/feature.go=package feature\n\nfunc On() bool { return true }\n'
mv_fakeproxy url3 --root "$work/nomodproxy"
mkdir -p "$work/nomod"
printf 'module example.com/nomod\n\ngo 1.21\n' > "$work/nomod/go.mod"
printf 'package main\n\nimport "example.com/lib/feature"\n\nfunc main() { println(feature.On()) }\n' > "$work/nomod/main.go"
GOPROXY="$url3" "$MODVET" check -C "$work/nomod" -f json > "$work/nomod.json" 2>&1; rc=$?
cp -R "$work/nomod" "$work/nomod.go"
(cd "$work/nomod.go" && GOPROXY="$url3" GOFLAGS=-mod=mod GOTOOLCHAIN=local \
    GOMODCACHE="$work/gomodcache" GOPATH="$work/gopath" \
    go get example.com/lib/feature) > "$work/nomod.get" 2>&1
want=$(sed -n 's|^require \(example.com/lib\) \(v[^ ]*\).*|\1 \2|p' "$work/nomod.go/go.mod" | head -1)
GOPROXY="$url3" "$MODVET" fix -C "$work/nomod" -w > "$work/nomod.fix" 2>&1
check "an import no required module provides: no-module, requiring ${want:-?} as go get does (exit $rc); fix -w adds it" \
    '[ $rc = 1 ] && [ "$want" = "example.com/lib v1.1.0" ] &&
    grep -q "\"code\":[[:space:]]*\"no-module\"" "$work/nomod.json" &&
    grep -q "\"$want\"" "$work/nomod.json" && grep -q "^require $want\$" "$work/nomod/go.mod" ||
    { cat "$work/nomod.get" "$work/nomod.json" "$work/nomod.fix" "$work/nomod/go.mod" > "$work/out"; false; }'

# A real module's own code as the main module: pulumi-random sdk/v4
# (the recorded proxy has its dependencies' go.mod files).
mv_unzip_module "$fx/goproxy-pulumi/github.com/pulumi/pulumi-random/sdk/v4/@v/v4.16.0.zip" \
    github.com/pulumi/pulumi-random/sdk/v4@v4.16.0 "$work/random"
# Its SDK requirement raised to the version whose zip the fixtures hold.
sed -i 's|github.com/pulumi/pulumi/sdk/v3 v3.105.0|github.com/pulumi/pulumi/sdk/v3 v3.143.0|' "$work/random/go.mod"
"$MODVET" check -C "$work/random" -f json > "$work/random.json" 2>&1; rc=$?
check "pulumi-random v4.16.0's own code: no import or symbol finding (exit $rc)" \
    '! grep -q "unknown-package\|unknown-symbol\|no-module" "$work/random.json" || { cp "$work/random.json" "$work/out"; false; }'

# Mutants: one selector on the pulumi SDK renamed, or one of its imports
# renamed, at random (seeded): each is reported at its place.
find "$work/random" -name '*.go' | sort | xargs "$MVTOOL" gosrc > "$work/random.src"
python3 - "$work/random.src" "$work/random" "$MUTANTS" "$MODVET" > "$work/mutants" 2>&1 <<'PY'
import json, os, random, subprocess, sys
src, root, count, modvet = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
files, cur = {}, None
for l in open(src):
    l = l.rstrip("\n")
    if l.startswith("== "):
        cur = l[3:]; files[cur] = {"imports": [], "uses": []}
    elif l.startswith("import "):
        files[cur]["imports"].append(l.split(" ", 2)[1:])
    elif l.startswith("use "):
        sel, pos = l[4:].split(" ")
        files[cur]["uses"].append((sel, pos))
sdk = "github.com/pulumi/pulumi/sdk/v3/go/pulumi"
cands = []
for f, d in files.items():
    if f.endswith("_test.go"):
        continue
    if any(p == sdk for _, p in d["imports"]):
        for sel, pos in d["uses"]:
            if sel.startswith("pulumi."):
                cands.append((f, "sym", sel, pos))
        cands.append((f, "imp", sdk, None))
rng = random.Random(20261202)
ok = bad = 0
for i in range(count):
    f, kind, what, pos = rng.choice(cands)
    text = open(f).read()
    lines = text.split("\n")
    if kind == "sym":
        line, col = map(int, pos.split(":"))
        s = lines[line - 1]
        base, name = what.split(".")
        at = col - 1 + len(base) + 1
        assert s[at:at + len(name)] == name, (f, pos, s)
        lines[line - 1] = s[:at] + name + "Zz" + s[at + len(name):]
        want = ("unknown-symbol", os.path.relpath(f, root), line, col)
    else:
        for n, s in enumerate(lines):
            if '"%s"' % sdk in s:
                col = s.index('"') + 1
                lines[n] = s.replace('"%s"' % sdk, '"%s/zz"' % sdk)
                want = ("unknown-package", os.path.relpath(f, root), n + 1, col)
                break
    open(f, "w").write("\n".join(lines))
    out = subprocess.run([modvet, "check", "-C", root, "-f", "json"], capture_output=True, text=True).stdout
    open(f, "w").write(text)
    try:
        got = [(x["code"], x.get("source"), x["line"], x["column"]) for x in json.loads(out)["findings"]]
    except Exception:
        got = []
    if want in got:
        ok += 1
    else:
        bad += 1
        print("# missed", want, "got", [g for g in got if g[0] != "outdated"][:3])
print("mutants", ok, bad)
PY
read -r _ mok mbad <<EOF2
$(grep '^mutants' "$work/mutants")
EOF2
check "$MUTANTS mutants of pulumi-random (a selector or an import renamed): $mok found at their place, ${mbad:-?} missed" \
    '[ "${mbad:-1}" = 0 ] && [ "${mok:-0}" = "$MUTANTS" ] || { cp "$work/mutants" "$work/out"; false; }'

# Bad input in the main module: a clear finding naming the file.
printf 'package main\n\nfunc main() {\n\tx := "unterminated\n}\n' > "$work/seed/fixed/broken.go"
"$MODVET" check -C "$work/seed/fixed" > "$work/broken.txt" 2>&1; rc=$?
check "a .go file that does not scan: invalid-source at broken.go:4 (exit $rc)" \
    '[ $rc = 1 ] && grep -q "broken.go:4:[0-9]*: error invalid-source" "$work/broken.txt" || { cp "$work/broken.txt" "$work/out"; false; }'
rm -f "$work/seed/fixed/broken.go"
head -c 3000 /dev/urandom > "$work/seed/fixed/binary.go"
"$MODVET" check -C "$work/seed/fixed" > "$work/binary.txt" 2>&1; rc=$?
check "a binary .go file: invalid-source, no crash (exit $rc)" \
    '[ $rc = 1 ] && grep -q "binary.go:[0-9]*:[0-9]*: error invalid-source" "$work/binary.txt" || { cp "$work/binary.txt" "$work/out"; false; }'
