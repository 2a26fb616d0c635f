#!/bin/sh
# Workspaces against the go command: where it would use a go.work
# (GOWORK, else the nearest at or above the directory; modload.FindGoWork)
# "modvet buildlist" equals "go list -m all" and "modvet graph" equals
# "go mod graph" in workspace mode (modload's loadWorkFile, the
# workspace branch of requirementsFromModFiles, readModGraph with
# workspace pruning), in-process and through modvetd: replace lines of
# the go.work and of its modules, conflicting ones, exclude lines, an
# unpruned module, a version raised past what a module requires, a
# go.work older than a module, a toolchain line. check reads the
# go.work's own lines as a build in the workspace meets them (its
# verdict is the go command's on every case: a go.work that does not
# parse, a replace line to a version that does not exist or a missing
# directory, a go line newer than the Go that runs with
# GOTOOLCHAIN=local; modload/init.go ReadWorkFile, gover/toolchain.go
# TooNewError) and then checks every module, each alone (as published),
# in one answer, the same through modvetd; fix says it fixes
# the module alone; GOWORK=off and a go.mod named as a file are that
# module alone. On the scenario modules (tests/scenarios). TAP.
set -u
. "${srcdir:-.}/tests/lib.sh"
mv_setup workspace
mv_scenarios
unset GOWORK
cases="basic work-replace conflict exclude unpruned raised too-old toolchain"
# go.work lines only a check of the go.work itself finds
wcases="gone-version gone-dir go-too-new bad-syntax"
ntests=$(( $(echo $cases | wc -w) * 7 + $(echo $wcases | wc -w) * 3 + 6 ))
echo "1..$ntests"
if ! mv_have_go; then
	k=1; while [ $k -le $ntests ]; do echo "ok $k # SKIP go not found: it is the oracle"; k=$((k + 1)); done
	exit 0
fi
mod() { # case dir module go [lines...]: write DIR/go.mod
	d="$work/ws/$1/$2"; mkdir -p "$d"; m=$3; g=$4; shift 4
	{ printf 'module %s\n\ngo %s\n' "$m" "$g"; for l in "$@"; do printf '\n%s\n' "$l"; done; } > "$d/go.mod"
}
work_file() { # case [lines...]: write the go.work
	c=$1; shift
	{ for l in "$@"; do printf '%s\n\n' "$l"; done; } > "$work/ws/$c/go.work"
}
mod basic a example.com/wa 1.21 'require example.com/pa v1.1.0'
mod basic b example.com/wb 1.21 'require example.com/pb v1.2.0' 'replace example.com/pd => example.com/pd v1.2.0'
work_file basic 'go 1.21' 'use (
	./b
	./a
)'
mod work-replace a example.com/wa 1.21 'require example.com/pa v1.1.0' 'replace example.com/pb => example.com/pb v1.0.0'
mod work-replace b example.com/wb 1.21 'require example.com/pc v1.0.0'
work_file work-replace 'go 1.22' 'use ./a' 'use ./b' 'replace example.com/pb => example.com/pbfork v1.0.0'
mod conflict a example.com/wa 1.21 'require example.com/pb v1.1.0' 'replace example.com/pd => example.com/pd v1.2.0'
mod conflict b example.com/wb 1.21 'require example.com/pc v1.0.0' 'replace example.com/pd => example.com/pd v1.1.0'
work_file conflict 'go 1.21' 'use (
	./a
	./b
)'
mod exclude a example.com/wa 1.21 'require example.com/pa v1.1.0' 'exclude example.com/pb v1.1.0'
mod exclude b example.com/wb 1.21 'require example.com/pb v1.0.0'
work_file exclude 'go 1.21' 'use ./a' 'use ./b'
mod unpruned a example.com/wa 1.16 'require example.com/ua v1.1.0'
mod unpruned b example.com/wb 1.21 'require example.com/pa v1.0.0'
work_file unpruned 'go 1.21' 'use ./a' 'use ./b'
mod raised a example.com/wa 1.21 'require example.com/pa v1.1.0'
mod raised b example.com/wb 1.21 'require example.com/pa v1.2.0'
work_file raised 'go 1.21' 'use ./a' 'use ./b'
mod too-old a example.com/wa 1.22 'require example.com/pa v1.1.0'
work_file too-old 'go 1.21' 'use ./a'
mod toolchain a example.com/wa 1.21 'require example.com/newgo v1.1.0'
work_file toolchain 'go 1.22' 'toolchain go1.22.4' 'use ./a'
mod gone-version a example.com/wa 1.21 'require example.com/pb v1.1.0'
work_file gone-version 'go 1.21' 'use ./a' 'replace example.com/pb v1.1.0 => example.com/pb v1.9.9'
mod gone-dir a example.com/wa 1.21 'require example.com/pb v1.1.0'
work_file gone-dir 'go 1.21' 'use ./a' 'replace example.com/pb => ./nowhere'
mod go-too-new a example.com/wa 1.21 'require example.com/pa v1.1.0'
work_file go-too-new 'go 1.99' 'use ./a'
mod bad-syntax a example.com/wa 1.21 'require example.com/pa v1.1.0'
work_file bad-syntax 'go 1.21' 'use ./a' 'require example.com/pa v1.1.0'

mv_start_daemon d --socket "$work/run/d.sock" --cache "$work/d.db"
viad() { MODVET_LOCAL= "$MODVET" --socket "$work/run/d.sock" --no-autostart "$@"; }
same() { # desc go-out go-status mv-out mv-status
	if [ "$3" != 0 ] && [ "$5" != 0 ]; then
		ok "$1: both refuse: $(grep -v '^	' "$2" | head -1 | cut -c1-120)"
	elif [ "$3" = 0 ] && [ "$5" = 0 ] && cmp -s "$2" "$4"; then
		ok "$1 ($(wc -l < "$4") lines)"
	else
		{ echo "go (exit $3), modvet (exit $5):"; diff -u "$2" "$4"; } > "$work/out"
		notok "$1"
	fi
}
for c in $cases; do
	d="$work/ws/$c/a"
	(cd "$d" && GOFLAGS= go list -m all) > "$work/go.out" 2>&1; gs=$?
	(cd "$d" && "$MODVET" buildlist) > "$work/mv.out" 2>&1; ms=$?
	same "$c: buildlist = go list -m all" "$work/go.out" $gs "$work/mv.out" $ms
	(cd "$d" && viad buildlist) > "$work/mv.out" 2>&1; ms=$?
	same "$c: through modvetd, buildlist = go list -m all" "$work/go.out" $gs "$work/mv.out" $ms
	(cd "$d" && GOFLAGS= go mod graph) > "$work/go.out" 2>&1; gs=$?
	(cd "$d" && "$MODVET" graph) > "$work/mv.out" 2>&1; ms=$?
	same "$c: graph = go mod graph" "$work/go.out" $gs "$work/mv.out" $ms
	(cd "$d" && viad graph) > "$work/mv.out" 2>&1; ms=$?
	same "$c: through modvetd, graph = go mod graph" "$work/go.out" $gs "$work/mv.out" $ms
done

# check: the go.work's own findings (the first file of the answer) say
# what the go command says of the workspace: an error exactly where
# go list -m all fails; the same document through modvetd.
untimed() { sed 's/ at [0-9][0-9T:-]*Z)/ at T)/g'; }
gowork_errors() { # check -f json document: errors of the go.work's file
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
f = d["files"][0]
assert f["file"].endswith("go.work"), f["file"]
print(" ".join("%s:%s" % (x["line"], x["code"]) for x in f["findings"] if x["severity"] == "error"))' "$1" 2>&1
}
for c in $cases $wcases; do
	d="$work/ws/$c/a"
	(cd "$d" && GOFLAGS= GOTOOLCHAIN=local go list -m all) > "$work/go.out" 2>&1; gs=$?
	(cd "$d" && GOTOOLCHAIN=local "$MODVET" check -f json) 2> "$work/mv.err" | untimed > "$work/in.json"; ms=$?
	(cd "$d" && GOTOOLCHAIN=local viad check -f json) 2> /dev/null | untimed > "$work/d.json"
	errs=$(gowork_errors "$work/in.json")
	{ echo "go (exit $gs):"; cat "$work/go.out"; echo "go.work errors: $errs"; cat "$work/mv.err"; } > "$work/out"
	check "$c: check's go.work verdict is the go command's (go exit $gs; go.work errors: ${errs:-none})" \
	    '{ [ $gs = 0 ] && [ -z "$errs" ]; } || { [ $gs != 0 ] && [ -n "$errs" ]; }'
	diff "$work/in.json" "$work/d.json" > "$work/out"
	check "$c: check -f json the same through modvetd" 'cmp -s "$work/in.json" "$work/d.json"'
	case $c in
	gone-version)
		check "$c: unknown-version at the go.work's replace line (${errs:-none})" '[ "$errs" = "5:unknown-version" ]'
		;;
	gone-dir)
		check "$c: bad-replacement at the go.work's replace line (${errs:-none})" '[ "$errs" = "5:bad-replacement" ]'
		;;
	go-too-new)
		msg=$(grep -o 'go.work requires go >= 1.99 (running go [^)]*)' "$work/go.out")
		(cd "$d" && GOTOOLCHAIN=local "$MODVET" check) > "$work/mv.out" 2>&1
		{ echo "go: $msg"; cat "$work/mv.out"; } > "$work/out"
		check "$c: toolchain at the go line, in the go command's words ($msg)" \
		    '[ "$errs" = "1:toolchain" ] && [ -n "$msg" ] && grep -qF "error toolchain: $msg" "$work/mv.out"'
		;;
	bad-syntax)
		check "$c: the line go.work cannot have is a workspace error at its line (${errs:-none})" '[ "$errs" = "5:workspace" ]'
		;;
	too-old|conflict)
		(cd "$d" && "$MODVET" check) > "$work/mv.out" 2>&1
		# (the go command names a use line from where it runs)
		first=$(grep -v '^	' "$work/go.out" | head -1 | sed 's/^go: //; s/^module [^ ]* listed/listed/')
		{ echo "go: $first"; cat "$work/mv.out"; } > "$work/out"
		check "$c: the workspace error in the go command's words" \
		    'grep -q "error workspace: " "$work/mv.out" && grep -qF "$first" "$work/mv.out"'
		;;
	*)
		(cd "$d" && GOTOOLCHAIN=local "$MODVET" check) > "$work/mv.out" 2>&1
		cp "$work/mv.out" "$work/out"
		check "$c: the go.work is clean, first of the answer" 'grep -q "go.work: 0 errors" "$work/mv.out"'
		;;
	esac
done

# check: every module of the workspace, each alone with its go.sum (as
# published; GOWORK=off), one answer in every format, the worst status.
mod checkws a example.com/wa 1.21 'require example.com/pa v1.1.0'
mod checkws b example.com/wb 1.21 'require example.com/pa v1.9.0'
work_file checkws 'go 1.21' 'use ./a' 'use ./b'
d="$work/ws/checkws/a"
(cd "$d" && "$MODVET" check) > "$work/out" 2>&1; st=$?
check "check in a workspace: the go.work (its build fails too), then every module, each alone (exit $st: b pins a version that does not exist)" \
    '[ $st = 1 ] && grep -q "^modvet: ../go.work: checking it and its 2 modules" "$work/out" &&
    grep -q "^\.\./go.work: error unknown-version: example.com/pa v1.9.0 does not exist" "$work/out" &&
    grep -q "^\.\./a/go.mod: 0 errors" "$work/out" && grep -q "^\.\./b/go.mod:5:1: error unknown-version" "$work/out"'
# (the evidence says when each upstream was asked: the same but for that)
(cd "$d" && "$MODVET" check -f json) 2> /dev/null | untimed > "$work/in.json"
(cd "$d" && viad check -f json) 2> /dev/null | untimed > "$work/d.json"
cnt=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["files"]))' "$work/in.json" 2>/dev/null)
diff "$work/in.json" "$work/d.json" > "$work/out"
check "check -f json: one document, the go.work and a file per module ($cnt), the same through modvetd" \
    '[ "$cnt" = 3 ] && cmp -s "$work/in.json" "$work/d.json"'
(cd "$d" && "$MODVET" check -f sarif) > "$work/s.json" 2> /dev/null
cnt=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["runs"]))' "$work/s.json" 2>/dev/null)
check "check -f sarif: one document, a run for the go.work and per module ($cnt)" '[ "$cnt" = 3 ]'
(cd "$d" && "$MODVET" fix) > "$work/out" 2>&1
check "fix in a workspace says the module is fixed alone, as go mod tidy" \
    'grep -q "go.work makes a workspace; go.mod is fixed alone, as go mod tidy fixes it" "$work/out"'
d="$work/ws/basic/b"
(cd "$d" && GOWORK=off go list -m all) > "$work/go.out" 2>&1
(cd "$d" && GOWORK=off "$MODVET" buildlist) > "$work/mv.out" 2>&1
(cd "$d" && GOFLAGS= go list -m all) > "$work/gows.out" 2>&1
diff "$work/go.out" "$work/mv.out" > "$work/out"
check "GOWORK=off: buildlist = GOWORK=off go list -m all ($(wc -l < "$work/mv.out") lines; the workspace's has $(wc -l < "$work/gows.out"))" \
    'cmp -s "$work/go.out" "$work/mv.out" && ! cmp -s "$work/gows.out" "$work/mv.out"'
(cd "$work/ws/basic" && "$MODVET" buildlist b/go.mod) > "$work/out" 2>&1; st=$?
check "a go.mod named as a file is that module alone (exit $st)" '[ $st = 0 ] && head -1 "$work/out" | grep -qx example.com/wb'
