#!/bin/sh
# Workspaces: modvet does not read go.work yet (issue 10's item 11), so
# where the go command would work on a workspace (a go.work at or above
# the directory, or GOWORK; modload.FindGoWork) modvet never answers as
# if there were none: buildlist and graph stop (exit 2) naming the
# go.work, check and fix say that the module is checked alone, and
# GOWORK=off gives what the go command gives with GOWORK=off. In-process
# and through modvetd. On the scenario modules (tests/scenarios). TAP.
set -u
. "${srcdir:-.}/tests/lib.sh"
mv_setup workspace
mv_scenarios
unset GOWORK
echo "1..6"
ws="$work/ws"; mkdir -p "$ws/a" "$ws/b"
printf 'module example.com/wa\n\ngo 1.21\n\nrequire example.com/pa v1.1.0\n' > "$ws/a/go.mod"
printf 'module example.com/wb\n\ngo 1.21\n\nrequire example.com/pb v1.2.0\n' > "$ws/b/go.mod"
printf 'go 1.21\n\nuse (\n\t./a\n\t./b\n)\n' > "$ws/go.work"
mv_start_daemon d --socket "$work/run/d.sock" --cache "$work/d.db"
for door in in-process modvetd; do
	if [ $door = modvetd ]; then
		mv() { MODVET_LOCAL= "$MODVET" --socket "$work/run/d.sock" --no-autostart "$@"; }
	else
		mv() { "$MODVET" "$@"; }
	fi
	(cd "$ws/b" && mv buildlist) > "$work/out" 2>&1; st=$?
	check "$door: buildlist in a workspace stops (exit $st), naming the go.work" \
	    '[ $st = 2 ] && grep -q "\.\./go.work: the go command works on this workspace" "$work/out"'
	(cd "$ws/b" && mv check) > "$work/out" 2>&1; st=$?
	check "$door: check in a workspace says the module is checked alone (exit $st)" \
	    'grep -q "go.work makes a workspace, which modvet does not read yet: go.mod is checked alone" "$work/out"'
done
if mv_have_go; then
	(cd "$ws/b" && GOWORK=off go list -m all) > "$work/go.out" 2>&1
	(cd "$ws/b" && GOWORK=off "$MODVET" buildlist) > "$work/mv.out" 2>&1
	(cd "$ws/b" && GOFLAGS= go list -m all) > "$work/gows.out" 2>&1
	diff "$work/go.out" "$work/mv.out" > "$work/out"
	check "GOWORK=off: buildlist = GOWORK=off go list -m all ($(wc -l < "$work/mv.out") lines; the workspace's has $(wc -l < "$work/gows.out"))" \
	    'cmp -s "$work/go.out" "$work/mv.out" && ! cmp -s "$work/gows.out" "$work/mv.out"'
else
	skip "go not found: it is the oracle"
fi
(cd "$ws" && "$MODVET" buildlist b/go.mod) > "$work/out" 2>&1; st=$?
check "a go.mod named as a file is that module alone (exit $st)" '[ $st = 0 ] && head -1 "$work/out" | grep -qx example.com/wb'
