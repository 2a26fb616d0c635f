#!/bin/sh
# One finding per cause (engine/cause.c). A go.mod with no go line is
# read as go 1.16 (gover.DefaultGoModVersion in the go command's
# cmd/go/internal/gover/version.go): its graph is not pruned and every
# dependency with a newer go line is a go-version error. With no go.sum
# either, each go.sum line used to be its own finding, and each such
# dependency too: here they are one missing-sum and one go-version
# finding, and fix still writes every line, giving what go mod tidy
# gives. A replace of every version of a module makes one go.sum line
# needed once per replaced version: one finding. The same through modvetd
# and in-process. On the scenario modules (tests/scenarios). TAP.
set -u
. "${srcdir:-.}/tests/lib.sh"
mv_setup causes
real_proxy=${GOPROXY:-https://proxy.golang.org,direct}	# before the fake one
mv_scenarios
echo "1..7"
codes() { # JSON file: "code count" lines, sorted
	python3 -c 'import json, sys, collections
c = collections.Counter(f["code"] for f in json.load(open(sys.argv[1]))["findings"])
print(" ".join("%s=%d" % kv for kv in sorted(c.items())))' "$1"
}
field() { # JSON file, code, python expression over the finding f
	python3 -c 'import json, sys
for f in json.load(open(sys.argv[1]))["findings"]:
    if f["code"] == sys.argv[2]:
        print(eval(sys.argv[3]))' "$1" "$2" "$3"
}

# No go line, no go.sum: two dependencies declare go 1.21 and 1.22, and
# the unpruned graph reads the go.mod of every version in it.
d="$work/nogo"; mkdir -p "$d"
cat > "$d/go.mod" <<'MOD'
module example.com/main/causes

require (
	example.com/newgo v1.1.0
	example.com/pa v1.2.0
	example.com/ua v1.1.0
)
MOD
cp "$d/go.mod" "$work/nogo.mod"
"$MODVET" check -C "$d" -f json > "$work/nogo.json" 2> "$work/out"
got=$(codes "$work/nogo.json" | tr ' ' '\n' | grep -E '^(missing-sum|go-version)=' | tr '\n' ' ')
nlines=$(field "$work/nogo.json" missing-sum 'len(f["sum_lines"])')
go=$(field "$work/nogo.json" go-version 'f["suggestion"]["go"]')
cp "$work/nogo.json" "$work/out"
check "no go line, no go.sum: one missing-sum with every line ($nlines), one go-version suggesting go 1.22 ($got)" \
    '[ "$got" = "go-version=1 missing-sum=1 " ] && [ "${nlines:-0}" -ge 10 ] && [ "$go" = 1.22 ]'

# fix writes the go line the go-version finding suggests and the go.sum
# lines of the pruned graph: go.mod as "go mod edit -go=1.22" and a load
# of the graph write it, and every go.sum line one the go command wrote
# (go list -m all also records the go.mod of each selected version it
# reports, which the graph never read: a superset).
"$MODVET" fix -w -C "$d" > "$work/out" 2>&1; st=$?
t="$work/oracle"; mkdir -p "$t"; cp "$work/nogo.mod" "$t/go.mod"
if mv_have_go; then
	(cd "$t" && go mod edit -go=1.22 && go list -m all) > "$work/go.out" 2>&1
	extra=$(sort "$d/go.sum" | comm -23 - "$(sort "$t/go.sum" > "$work/go.sum.sorted"; echo "$work/go.sum.sorted")" | wc -l)
	{ diff -u "$t/go.mod" "$d/go.mod"; sort "$d/go.sum" | comm -23 - "$work/go.sum.sorted"; } > "$work/out"
	check "fix -w: go.mod as the go command writes it with go 1.22; its $(wc -l < "$d/go.sum") go.sum lines all the go command's" \
	    '[ $st = 0 ] && cmp -s "$t/go.mod" "$d/go.mod" && [ "$extra" = 0 ] && [ -s "$d/go.sum" ]'
else
	skip "go not found: the oracle of fix is the go command"
fi
"$MODVET" check -C "$d" > "$work/out" 2>&1; st=$?
check "the fixed module checks clean (exit $st)" '[ $st = 0 ]'

# A go.sum that lacks lines of the unpruned graph: one finding, which
# says the missing go line is why.
cp "$work/nogo.mod" "$d/go.mod"
grep -v '^example.com/u' "$work/go.sum.sorted" > "$d/go.sum"
"$MODVET" check -C "$d" -f json > "$work/lacks.json" 2> "$work/out"
got=$(codes "$work/lacks.json" | tr ' ' '\n' | grep -E '^(missing-sum|go-version)=' | tr '\n' ' ')
msg=$(field "$work/lacks.json" missing-sum 'f["message"]')
cp "$work/lacks.json" "$work/out"
check "go.sum lacking the unpruned graph's lines: one missing-sum naming the go line ($got)" \
    '[ "$got" = "go-version=1 missing-sum=1 " ] && echo "$msg" | grep -q "has no go line"'

# Every version of example.com/pd replaced by v1.2.0: pb v1.1.0 reaches
# pd v1.0.0 and pc v1.0.0 reaches pd v1.2.0, and go.sum lacks the one
# line both need.
r="$work/repl"; mkdir -p "$r"
cat > "$r/go.mod" <<'MOD'
module example.com/main/causes-replace

go 1.16

require (
	example.com/pb v1.1.0
	example.com/pc v1.0.0
)

replace example.com/pd => example.com/pd v1.2.0
MOD
if mv_have_go; then
	cp "$r/go.mod" "$work/repl.mod"
	(cd "$r" && go mod tidy) > "$work/tidy.out" 2>&1
	cp "$work/repl.mod" "$r/go.mod"
	grep -v '^example.com/pd v1.2.0/go.mod' "$r/go.sum" > "$r/go.sum.new"
	mv "$r/go.sum.new" "$r/go.sum"
	"$MODVET" check -C "$r" > "$work/out" 2>&1
	k=$(grep -c 'missing-sum: go.sum lacks "example.com/pd v1.2.0/go.mod' "$work/out")
	check "a line needed through two replaced versions is one finding ($k)" '[ "$k" = 1 ]'
else
	skip "go not found: go mod tidy writes the go.sum of this case"
fi

# Through modvetd: the same findings, every go.sum line with them.
sock="$work/run/d.sock"
mv_start_daemon d --socket "$sock" --cache "$work/d.db"
cp "$work/nogo.mod" "$d/go.mod"; rm -f "$d/go.sum"
MODVET_LOCAL= "$MODVET" --socket "$sock" --no-autostart check -C "$d" -f json > "$work/d.json" 2> "$work/out"
cp "$work/d.json" "$work/out"
check "through modvetd: the same JSON as in-process" 'cmp -s "$work/nogo.json" "$work/d.json"'

# The program this project was born from, as fixed, with its go line and
# go.sum taken away, against the real module proxy: check says it in two
# findings (it said 4,941 missing-sum and 2 go-version before), and fix
# gives back what go mod tidy wrote (fixed/go.mod.tidy, go.sum.tidy).
fixed="$MV_SHARED/fixtures/programs/gitops-pipeline/fixed"
if [ ! -d "$fixed" ]; then
	skip "$MV_SHARED not found: the seed program is in ../shared/fixtures/programs"
elif [ -n "${MODULES_DIFF_SKIP:-}" ]; then
	skip "the real module proxy is asked once per CI run: $MODULES_DIFF_SKIP"
else
	s="$work/seed"; mkdir -p "$s"
	grep -v '^go ' "$fixed/go.mod" > "$s/go.mod"
	cp "$fixed/main.go" "$s/main.go"
	GOPROXY=$real_proxy MODVET_CACHE="$work/real.db" "$MODVET" check -C "$s" -f json > "$work/seed.json" 2> "$work/seed.err"
	got=$(codes "$work/seed.json" 2>/dev/null | tr ' ' '\n' | grep -E '^(missing-sum|go-version)=' | tr '\n' ' ')
	GOPROXY=$real_proxy MODVET_CACHE="$work/real.db" "$MODVET" fix -w -C "$s" > "$work/out" 2>&1; st=$?
	if grep -q "upstream-unavailable" "$work/out" "$work/seed.json"; then
		skip "the module proxy could not be reached: $(grep -m1 upstream-unavailable "$work/out" | cut -c1-120)"
	else
		check "the seed with no go line and no go.sum: $got; fix -w writes go mod tidy's go.mod and go.sum" \
		    '[ "$got" = "go-version=1 missing-sum=1 " ] && [ $st = 0 ] && cmp -s "$fixed/go.mod.tidy" "$s/go.mod" && cmp -s "$fixed/go.sum.tidy" "$s/go.sum"'
	fi
fi
