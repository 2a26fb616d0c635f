#!/bin/sh
# The command line as Go users expect it (the go command's habits): -C DIR
# before the command, go.mod found from a subdirectory, "-" for standard
# input, --help on every command (exit 0), --opt=value, --fail-on, and
# modvet explain. In-process, against GOPROXY=off: these are the client's
# own, whatever upstreams say. TAP.
set -u
. "${srcdir:-.}/tests/lib.sh"
mv_setup cli
export GOPROXY=off GOFLAGS= GOPRIVATE= GONOPROXY=
d="$work/proj"
mkdir -p "$d/sub/deeper"
cp "$srcdir/examples/aws-go/go.mod" "$d/go.mod"
cmds="status mod-json mod-fmt check fix versions buildlist graph sum history report watch explain completion"

echo "1..$(( $(echo $cmds | wc -w) + 15 ))"
for c in $cmds; do
	"$MODVET" "$c" --help > "$work/out" 2>&1; st=$?
	check "modvet $c --help: exit 0, its usage" \
	    '[ $st = 0 ] && grep -q "^usage: modvet $c" "$work/out"'
done
"$MODVET" -C "$d" check > "$work/out" 2>&1; st=$?
check "modvet -C DIR check (exit $st)" \
    '[ $st = 1 ] && grep -q "^go.mod:6:2: error upstream-unavailable" "$work/out"'
(cd "$d/sub/deeper" && "$MODVET" check) > "$work/out" 2>&1; st=$?
check "check from a subdirectory finds ../../go.mod (exit $st)" \
    '[ $st = 1 ] && grep -q "^../../go.mod:6:2: error" "$work/out"'
(cd "$work" && "$MODVET" check) > "$work/out" 2>&1; st=$?
check "no go.mod here or above: exit 2, says so" \
    '[ $st = 2 ] && grep -q "go.mod file not found in the current directory or any parent" "$work/out"'
"$MODVET" check - < "$d/go.mod" > "$work/out" 2>&1; st=$?
check "check - reads standard input (exit $st)" \
    '[ $st = 1 ] && grep -q "^-:6:2: error" "$work/out"'
"$MODVET" --fail-on never -C "$d" check > "$work/out" 2>&1; st=$?
check "--fail-on never: exit 0 with errors" '[ $st = 0 ] && grep -q " error " "$work/out"'
printf 'module m\n\ngo 1.21\n' > "$work/clean.mod"
"$MODVET" --fail-on=warning check "$work/clean.mod" > "$work/out" 2>&1; st=$?
check "--fail-on=warning on a clean go.mod: exit 0" '[ $st = 0 ]'
"$MODVET" --fail-on bogus check > "$work/out" 2>&1; st=$?
check "--fail-on bogus: exit 2, names the choices" \
    '[ $st = 2 ] && grep -q "expected error, warning, note or never" "$work/out"'
"$MODVET" explain > "$work/out" 2>&1; st=$?
check "modvet explain lists every rule" \
    '[ $st = 0 ] && grep -q "^unknown-version *error" "$work/out" && [ $(wc -l < "$work/out") -ge 14 ]'
"$MODVET" explain retracted > "$work/out" 2>&1; st=$?
check "modvet explain retracted" '[ $st = 0 ] && grep -q "^retracted (error):" "$work/out"'
"$MODVET" explain nope > "$work/out" 2>&1; st=$?
check "modvet explain of no rule: exit 2" '[ $st = 2 ] && grep -q "no rule" "$work/out"'

# Colour: --color=auto|always|never; on a terminal (script(1) gives one)
# unless NO_COLOR is set and non-empty (no-color.org) or TERM=dumb.
esc=$(printf '\033')
coloured() { grep -q "$esc\[[0-9;]*m" "$work/out"; }	# SGR, not the progress line's erase
on_tty() { # ENV... -- modvet args: run on a pseudo-terminal
	script -qec "$*" /dev/null > "$work/out" 2>&1 < /dev/null
}
"$MODVET" --color=always -C "$d" check > "$work/out" 2>&1
check "--color=always: colour into a pipe" 'coloured'
"$MODVET" -C "$d" check > "$work/out" 2>&1
check "a pipe: no colour" '! coloured'
if command -v script > /dev/null 2>&1; then
	on_tty "TERM=xterm NO_COLOR= '$MODVET' -C '$d' check"
	a=$(coloured && echo yes || echo no)
	on_tty "TERM=xterm NO_COLOR=1 '$MODVET' -C '$d' check"
	b=$(coloured && echo yes || echo no)
	on_tty "TERM=dumb '$MODVET' -C '$d' check"
	c=$(coloured && echo yes || echo no)
	on_tty "TERM=xterm '$MODVET' --color=never -C '$d' check"
	e=$(coloured && echo yes || echo no)
	check "a terminal: colour with NO_COLOR empty ($a), none with NO_COLOR=1 ($b), TERM=dumb ($c), --color=never ($e)" \
	    '[ "$a$b$c$e" = yesnonono ]'
else
	skip "script(1) not found: no pseudo-terminal to test colour on"
fi
# Progress on a terminal: the phase and the upstream requests made of
# those to make, erased when done; none into a pipe.
if command -v script > /dev/null 2>&1; then
	on_tty "TERM=xterm MODVET_CACHE='$work/progress.db' '$MODVET' -C '$d' check"
	p1=$(grep -c "graph level 1, [0-9]* go.mod files" "$work/out")
	p2=$(grep -c "fetching [0-9]*/[0-9]*" "$work/out")
	MODVET_CACHE="$work/progress2.db" "$MODVET" -C "$d" check > "$work/out" 2>&1
	check "progress on a terminal: the phase and the requests (\"graph level 1, 3 go.mod files · fetching 6/8\"), none into a pipe" \
	    '[ "$p1" -gt 0 ] && [ "$p2" -gt 0 ] && ! grep -q "fetching\|graph level" "$work/out"'
else
	skip "script(1) not found: no pseudo-terminal to test progress on"
fi
"$MODVET" --color bogus check > "$work/out" 2>&1; st=$?
check "--color bogus: exit 2, names the choices" \
    '[ $st = 2 ] && grep -q "expected auto, always or never" "$work/out"'
