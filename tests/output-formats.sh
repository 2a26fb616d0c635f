#!/bin/sh
# The data commands' output: versions, history, buildlist and graph print
# the same bytes, with the same exit status, through a daemon and with
# --local (one encoder builds the document either door prints), as text
# and as JSON; --format json, --format=json, -json and -f json are one
# thing; status says the same in JSON; their failures (a go.mod the
# go command refuses, a go.mod upstream does not have, an unknown
# version, a zip upstream does not have) print the same words with the
# same exit status through both doors (one operation, engine/ops.c,
# answers both); the watch list changed through one door is the list
# the other shows; --output FILE writes the output
# whole (or, when the command fails, leaves FILE as it was). The
# scenario modules' proxy (tests/scenarios), one daemon and the same
# cache for both doors. TAP.
set -u
. "${srcdir:-.}/tests/lib.sh"
mv_setup outfmt
if ! command -v python3 >/dev/null 2>&1; then
	echo "1..0 # SKIP python3 not found (it validates the JSON)"; exit 0
fi
mv_scenario_daemon
d="$work/p"; mkdir -p "$d"
printf 'module example.com/p\n\ngo 1.17\n\nrequire (\n\texample.com/pa v1.1.0\n\texample.com/ret v1.1.0\n)\n' > "$d/go.mod"
remote watch add example.com/pd > /dev/null 2>&1
json_ok() { python3 -m json.tool "$1" > /dev/null 2>&1; }

echo "1..31"
# Each command, both doors, text and JSON. The daemon answers first (it
# fills the cache both doors read).
for c in "versions example.com/ret" "history example.com/ret" \
    "buildlist -C $d" "graph -C $d"; do
	name=${c%% *}
	for f in text json; do
		remote $c --format $f > "$work/r.$name.$f" 2>&1; rst=$?
		local_ $c --format $f > "$work/l.$name.$f" 2>&1; lst=$?
		extra=true
		[ $f = json ] && extra='json_ok "$work/r.$name.$f"'
		check "$name --format $f: through the daemon = --local, byte for byte (exit $rst/$lst, $(wc -l < "$work/r.$name.$f") lines)" \
		    '[ $rst = 0 ] && [ $lst = 0 ] && [ -s "$work/r.$name.$f" ] &&
		    cmp -s "$work/r.$name.$f" "$work/l.$name.$f" && eval "$extra"'
	done
done
check "versions text: the path then the versions, less the retracted v1.0.0 and v1.1.0" \
    'grep -qx "example.com/ret v1.2.0 v1.3.0" "$work/r.versions.text"'
check "history JSON: the retraction with its version, watched requirements as details" \
    'grep -q "\"retracted\":[[:space:]]*true" "$work/r.history.json" &&
    grep -q "\"module\":[[:space:]]*\"example.com/ret\"" "$work/r.history.json"'

remote versions example.com/ret -json > "$work/a" 2>&1
remote versions --format=json example.com/ret > "$work/b" 2>&1
remote versions -f json example.com/ret > "$work/c" 2>&1
check "-json, --format=json and -f json print what --format json does" \
    'cmp -s "$work/a" "$work/r.versions.json" && cmp -s "$work/b" "$work/a" &&
    cmp -s "$work/c" "$work/a"'

remote status --format json > "$work/st.json" 2>&1; st=$?
check "status --format json: running, the pid, the watch list (exit $st)" \
    '[ $st = 0 ] && json_ok "$work/st.json" &&
    grep -q "\"running\":[[:space:]]*true" "$work/st.json" &&
    grep -q "\"pid\":[[:space:]]*$pid" "$work/st.json" &&
    grep -q "\"example.com/pd\"" "$work/st.json"'
"$MODVET" --socket "$work/run/none.sock" status -json > "$work/st2.json" 2>&1; st=$?
check "status -json with no daemon: running false, exit 1" \
    '[ $st = 1 ] && json_ok "$work/st2.json" &&
    grep -q "\"running\":[[:space:]]*false" "$work/st2.json"'

remote buildlist -C "$d" --output "$work/bl.txt" > "$work/out" 2>&1; st=$?
check "--output FILE: the output in FILE, nothing on standard output (exit $st)" \
    '[ $st = 0 ] && [ ! -s "$work/out" ] && cmp -s "$work/bl.txt" "$work/r.buildlist.text"'
echo "an earlier report" > "$work/keep.txt"
remote versions -o "$work/keep.txt" "bad path!" > "$work/out" 2>&1; st=$?
check "a command that fails leaves FILE as it was, and no temporary file (exit $st)" \
    '[ $st = 2 ] && grep -qx "an earlier report" "$work/keep.txt" &&
    [ $(ls "$work" | grep -c "^keep.txt") = 1 ]'
remote check -C "$d" --format=json > "$work/a" 2>&1; ast=$?
remote check -C "$d" -f json > "$work/b" 2>&1; bst=$?
remote check -json -C "$d" > "$work/c" 2>&1; cst=$?
check "check --format=json and -json are check -f json (exit $ast/$bst/$cst)" \
    '[ $ast = $bst ] && [ $bst = $cst ] && json_ok "$work/a" &&
    cmp -s "$work/a" "$work/b" && cmp -s "$work/a" "$work/c"'
remote versions --format yaml example.com/ret > "$work/out" 2>&1; a=$?
remote sum --format json example.com/ret@v1.2.0 > "$work/out2" 2>&1; b=$?
cat "$work/out2" >> "$work/out"
check "--format yaml: exit 2 naming the choices; sum has no --format: exit 2" \
    '[ $a = 2 ] && [ $b = 2 ] && grep -q "expected text or json" "$work/out" &&
    grep -q "has no --format" "$work/out"'

# Failures, both doors: the same words, the same exit status.
b1="$work/bad1"; b2="$work/bad2"; mkdir -p "$b1" "$b2"
printf 'module example.com/b1\n\ngo 1.17\n\nrequire example.com/pa v1.1.0\nrequire example.com/pa v1.1.0 // twice\nrequire Example.com/UPPER/../x v1.0.0\n' > "$b1/go.mod"
printf 'module example.com/b2\n\ngo 1.17\n\nrequire example.com/nosuch v1.0.0\n' > "$b2/go.mod"
for c in "buildlist -C $b1" "buildlist -C $b2" "graph -C $b2" \
    "sum example.com/pa@v1.9.9" "sum example.com/pa@v1.1.0"; do
	remote $c > "$work/r.err" 2>&1; rst=$?
	local_ $c > "$work/l.err" 2>&1; lst=$?
	cp "$work/r.err" "$work/out"
	check "failing $(echo "$c" | sed "s|$work/||"): the same words through both doors (exit $rst/$lst): $(head -c 120 "$work/r.err" | tr '\n' ' ')" \
	    '[ $rst = 2 ] && [ $lst = 2 ] && [ -s "$work/r.err" ] &&
	    cmp -s "$work/r.err" "$work/l.err"'
done

# The watch list (engine/op-watch.c), both doors on the one cache: what
# one door changes the other lists, in the same bytes; a module the proxy
# proves absent and one not watched are refused in the same words.
local_ watch add example.com/pa > "$work/l.add" 2>&1; lst=$?
remote watch ls > "$work/r.ls" 2>&1; rst=$?
check "watch add --local, then ls through the daemon: the same list (exit $lst/$rst)" \
    '[ $lst = 0 ] && [ $rst = 0 ] && grep -qx "example.com/pa" "$work/r.ls" &&
    grep -qx "example.com/pd" "$work/r.ls" && cmp -s "$work/l.add" "$work/r.ls"'
remote watch rm example.com/pa > "$work/r.rm" 2>&1; rst=$?
local_ watch ls > "$work/l.ls" 2>&1; lst=$?
check "watch rm through the daemon, then ls --local: the same list (exit $rst/$lst)" \
    '[ $rst = 0 ] && [ $lst = 0 ] && ! grep -q "example.com/pa$" "$work/l.ls" &&
    cmp -s "$work/r.rm" "$work/l.ls"'
for c in "watch add example.com/nosuch" "watch rm example.com/pa"; do
	remote $c > "$work/r.err" 2>&1; rst=$?
	local_ $c > "$work/l.err" 2>&1; lst=$?
	cp "$work/r.err" "$work/out"
	check "failing $c: the same words through both doors (exit $rst/$lst): $(head -c 120 "$work/r.err" | tr '\n' ' ')" \
	    '[ $rst = 2 ] && [ $lst = 2 ] && [ -s "$work/r.err" ] &&
	    cmp -s "$work/r.err" "$work/l.err"'
done

# The report (engine/op-report.c), both doors on the one cache: a project
# on disk with a local replacement, one in a git repository named by
# file://, a watched module. The client reads both projects itself and
# sends what they hold, whichever door runs the report. Each report
# compares itself with the one before (the other door's): the third and
# fourth (and so on), with nothing changed between them, print the same
# bytes but for when they ran, in each format.
rp="$work/rp"; mkdir -p "$rp/app" "$rp/lib" "$rp/repo"
printf 'module example.com/app\n\ngo 1.17\n\nrequire (\n\texample.com/lib v0.0.0\n\texample.com/ret v1.1.0\n)\n\nreplace example.com/lib => ../lib\n' > "$rp/app/go.mod"
printf 'module example.com/lib\n\ngo 1.17\n\nrequire example.com/pd v1.1.0\n' > "$rp/lib/go.mod"
printf 'module example.com/g\n\ngo 1.17\n\nrequire example.com/pa v1.1.0\n' > "$rp/repo/go.mod"
(cd "$rp/repo" && git -c init.defaultBranch=main init -q && git add . &&
    git -c user.name=t -c user.email=t@example.com commit -qm g) >/dev/null 2>&1
printf 'app app/go.mod\ngit-one git file://%s/repo main\nwatch example.com/ret\n' "$rp" > "$rp/projects"
# What differs between two runs: when each ran, and when its previous did.
untimed() {
	sed -e '/"ran":\|"previous":/d' -e '1s/^# modvet report, .*/# modvet report/' \
	    -e 's|<title>modvet report [^<]*</title>|<title>modvet report</title>|' \
	    -e 's|^<p>Run at [^<]*</p>$|<p>Run at</p>|' "$1"
}
remote report --projects "$rp/projects" --format json > "$work/r.rep0" 2>&1
local_ report --projects "$rp/projects" --format json > "$work/l.rep0" 2>&1
for f in json md html; do
	remote report --projects "$rp/projects" --format $f > "$work/r.rep.$f" 2>"$work/r.rep.err"; rst=$?
	local_ report --projects "$rp/projects" --format $f > "$work/l.rep.$f" 2>"$work/l.rep.err"; lst=$?
	untimed "$work/r.rep.$f" > "$work/r.rep.u"
	untimed "$work/l.rep.$f" > "$work/l.rep.u"
	cp "$work/r.rep.$f" "$work/out"
	check "report --format $f: through the daemon = --local, but for the times (exit $rst/$lst, $(wc -l < "$work/r.rep.$f") lines)" \
	    '[ $rst = 1 ] && [ $lst = 1 ] && [ -s "$work/r.rep.u" ] &&
	    cmp -s "$work/r.rep.u" "$work/l.rep.u" &&
	    cmp -s "$work/r.rep.err" "$work/l.rep.err"'
done
cp "$work/r.rep.json" "$work/out"
check "report JSON: the local replacement read (no bad-replacement), the git project's pins, the retracted pin" \
    'json_ok "$work/r.rep.json" &&
    grep -q "\"example.com/lib v0.0.0\"" "$work/r.rep.json" &&
    ! grep -q "bad-replacement\|upstream-unavailable" "$work/r.rep.json" &&
    grep -q "\"example.com/pa v1.1.0\"" "$work/r.rep.json" &&
    grep -q "\"code\":[[:space:]]*\"retracted\"" "$work/r.rep.json" &&
    ! grep -q "\"error\":" "$work/r.rep.json"'
printf 'app app/go.mod extra\n' > "$rp/bad"
remote report --projects "$rp/bad" > "$work/r.err" 2>&1; rst=$?
local_ report --projects "$rp/bad" > "$work/l.err" 2>&1; lst=$?
cp "$work/r.err" "$work/out"
check "failing report (a bad line): the same words through both doors (exit $rst/$lst): $(head -c 120 "$work/r.err" | tr '\n' ' ')" \
    '[ $rst = 2 ] && [ $lst = 2 ] && grep -q "bad:1:" "$work/r.err" &&
    cmp -s "$work/r.err" "$work/l.err"'
