#!/bin/sh
# The Unix socket on a shared machine: with socket-group, the socket is
# 0660 and its directory 0750, both of that group (a group this user is
# in), and a client connects through it; without, 0600 and 0700 as
# always; a group that does not exist stops modvetd at start with the
# reason. TAP.
set -u
. "${srcdir:-.}/tests/lib.sh"
mv_setup socketgroup
: "${MODVETD:=$builddir/modvetd}"
echo "1..4"
group=$(id -gn)
# As root, a group other than its own, so the chown is seen to happen.
if [ "$(id -u)" = 0 ] && getent group daemon > /dev/null 2>&1; then
	group=daemon
fi
export GOPROXY=off
unset MODVET_LOCAL

mv_start_daemon g --socket "$work/shared/m.sock" --socket-group "$group" \
    --cache "$work/g.db" --refresh-interval 0
gpid=$pid
modes=$(stat -c '%a %G' "$work/shared/m.sock" "$work/shared" | tr '\n' ' ')
check "socket-group $group: socket and directory are $modes(want 660 and 750, $group)" \
    '[ "$modes" = "660 $group 750 $group " ]'
"$MODVET" --socket "$work/shared/m.sock" status > "$work/status" 2>&1; st=$?
check "a client connects through it (exit $st)" '[ $st = 0 ] || { cp "$work/status" "$work/out"; false; }'
kill "$gpid"; wait "$gpid" 2>/dev/null

mv_start_daemon p --socket "$work/private/m.sock" --cache "$work/p.db" --refresh-interval 0
modes=$(stat -c '%a' "$work/private/m.sock" "$work/private" | tr '\n' ' ')
check "without it: $modes(want 600 and 700)" '[ "$modes" = "600 700 " ]'

"$MODVETD" --socket "$work/none/m.sock" --socket-group modvet-no-such-group-x \
    --cache "$work/n.db" > "$work/none.log" 2>&1 &
npid=$!
i=0
while kill -0 "$npid" 2>/dev/null && [ $i -lt 100 ]; do i=$((i + 1)); sleep 0.05; done
wait "$npid"; ns=$?
check "a group that does not exist: modvetd stops at start, saying so (exit $ns)" \
    '[ $ns != 0 ] && grep -q "socket-group modvet-no-such-group-x: no such group" "$work/none.log" ||
    { kill "$npid" 2>/dev/null; cp "$work/none.log" "$work/out"; false; }'
export MODVET_LOCAL=1
