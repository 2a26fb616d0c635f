#!/bin/sh
# modvet completion bash|zsh|fish: scripts made from the command table,
# tried in the shells themselves: bash through its completion function
# (COMP_WORDS), fish through "complete -C", zsh loads it (bashcompinit).
# Every command of "modvet --help" is offered; options' values, watch's
# words and explain's rules complete. TAP.
set -u
. "${srcdir:-.}/tests/lib.sh"
mv_setup completion
echo "1..9"
"$MODVET" completion bash > "$work/c.bash" 2> "$work/out"
# The words bash offers for a command line (its last word being completed).
bash_says() {
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _modvet; printf "%s\n" "${COMPREPLY[@]}"' \
	    sh "$work/c.bash" "$@" 2>&1 | sort | tr '\n' ' '
}
cmds=$("$MODVET" --help | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p' | sort | tr '\n' ' ')
got=$(bash_says modvet "" | tr ' ' '\n' | grep -v '^-' | sort | tr '\n' ' ')
echo "help: $cmds; completion: $got" > "$work/out"
check "bash: every command of modvet --help is offered ($(echo $cmds | wc -w) commands)" \
    '[ -n "$cmds" ] && [ "$got" = "$cmds" ]'
check "bash: modvet ch -> check ($(bash_says modvet ch))" '[ "$(bash_says modvet ch)" = "check " ]'
check "bash: check -f -> its formats ($(bash_says modvet -C /tmp check -f ""))" \
    '[ "$(bash_says modvet -C /tmp check -f "")" = "github json sarif text " ]'
check "bash: --color -> auto always never; watch -> add ls rm; explain unknown-v -> unknown-version" \
    '[ "$(bash_says modvet --color "")" = "always auto never " ] &&
    [ "$(bash_says modvet watch "")" = "--help add ls rm " ] &&
    [ "$(bash_says modvet explain unknown-v)" = "unknown-version " ]'
mkdir -p "$work/d/sub" && : > "$work/d/go.mod"
check "bash: check completes files, -C directories" \
    '[ "$(bash_says modvet check "$work/d/g")" = "$work/d/go.mod " ] &&
    [ "$(bash_says modvet check -C "$work/d/s")" = "$work/d/sub " ]'
"$MODVET" completion nosh > "$work/out" 2>&1; st=$?
check "completion nosh: exit 2, naming the shells" \
    '[ $st = 2 ] && grep -q "bash, zsh or fish" "$work/out"'
if command -v fish > /dev/null 2>&1; then
	"$MODVET" completion fish > "$work/c.fish"
	fish_says() { fish -c "source $work/c.fish; complete -C '$1'" 2>&1 | cut -f1 | sort | tr '\n' ' '; }
	fish -n "$work/c.fish" > "$work/out" 2>&1
	a=$(fish_says "modvet ch"); b=$(fish_says "modvet check -f "); c=$(fish_says "modvet explain unknown-v")
	echo "$a / $b / $c" >> "$work/out"
	check "fish: modvet ch -> $a; check -f -> $b; explain unknown-v -> $c" \
	    '[ "$a" = "check " ] && [ "$b" = "github json sarif text " ] && [ "$c" = "unknown-version " ]'
	d=$(fish_says "modvet ")
	echo "$d" > "$work/out"
	check "fish: every command is offered" \
	    'for c in $cmds; do echo " $d" | grep -q " $c " || exit 1; done'
else
	skip "fish not found"
	skip "fish not found"
fi
if command -v zsh > /dev/null 2>&1; then
	"$MODVET" completion zsh > "$work/c.zsh"
	HOME=$work zsh -f -c "source $work/c.zsh && (( \$+functions[_modvet] )) && [[ \${_comps[modvet]} == _bash_complete* ]]" > "$work/out" 2>&1; st=$?
	check "zsh: the script loads, and modvet completes through _modvet (exit $st)" '[ $st = 0 ]'
else
	skip "zsh not found"
fi
