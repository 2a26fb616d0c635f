#!/bin/sh
# The build lists of the MVS conformance vectors (../shared/conformance/
# gocmd/mvs.jsonl, from cmd/go/internal/mvs/mvs_test.go), computed by the
# graph loader that modvet's programs use (engine/graph.c), not by
# gomod/mvs.c: every "build" operation of every scenario becomes a fake
# proxy of unpruned modules (no go line) and a main module (go 1.16)
# requiring the target's requirements; "modvet buildlist" in-process and
# through modvetd must give the vector's list, in-process also with the
# proxy tree read as a file:// GOPROXY, and equal "go list -m all" on the
# same proxy. TAP.
#
# The names map to modules as: scenario S, module X at version N ->
# example.com/S/x vN, with N's ordering kept: 1..5 -> v1.N.0 and
# "N.hidden" (between N and N+1 in the vectors) -> v1.N.1-hidden, and a
# name without a version (below "1" in the vectors) -> v1.0.0. The
# target, whatever its version, is the main module. The go command must
# succeed: two failures that print the same nothing are no agreement.
set -u
. "${srcdir:-.}/tests/lib.sh"
mv_setup mvsvec
vectors="$MV_SHARED/conformance/gocmd/mvs.jsonl"
if [ ! -f "$vectors" ]; then
	echo "1..0 # SKIP $vectors is absent (the conformance vectors are in ../shared)"
	exit 0
fi

# One directory per build operation: spec (for mkproxy.sh), go.mod and
# want (the vector's list, as go list -m all prints it).
python3 - "$vectors" "$work/ops" <<'PY'
import json, os, re, sys
out = sys.argv[2]
def mod(scn, name):
    m = re.fullmatch(r'([A-Za-z]+)([0-9]*)((?:\.hidden)?)', name)
    path = 'example.com/%s/%s' % (scn, m.group(1).lower())
    if m.group(2) == '':
        return path, 'v1.0.0'
    v = 'v1.%s.%s' % (m.group(2), '1-hidden' if m.group(3) else '0')
    return path, v
k = 0
for line in open(sys.argv[1]):
    s = json.loads(line)
    scn = s['name'].lower()
    for op in s['ops']:
        if op['op'] != 'build':
            continue
        k += 1
        d = os.path.join(out, '%02d-%s-%d' % (k, scn, op['line']))
        os.makedirs(d)
        # A requirement on the target (the main module: no version of its
        # path counts but its own) or on a "none" version is no
        # requirement, and go.mod cannot write either.
        def real(reqs):
            return [r for r in reqs
                    if r != op['target'] and not r.endswith('none')]
        spec = []
        for name, reqs in sorted(s['reqs'].items()):
            if name.endswith('none'):
                continue
            p, v = mod(scn, name)
            spec.append(' '.join([p, v] + ['req=%s@%s' % mod(scn, r)
                                             for r in real(reqs)]))
        with open(os.path.join(d, 'spec'), 'w') as f:
            f.write('\n'.join(spec) + '\n')
        main, _ = mod(scn, op['target'])
        reqs = real(s['reqs'].get(op['target'], []))
        with open(os.path.join(d, 'go.mod'), 'w') as f:
            f.write('module %s\n\ngo 1.16\n' % main)
            for r in reqs:
                f.write('\nrequire %s %s\n' % mod(scn, r))
        want = [main]
        for name in op['want'][1:]:
            want.append('%s %s' % mod(scn, name))
        with open(os.path.join(d, 'want'), 'w') as f:
            f.write('\n'.join(want) + '\n')
        with open(os.path.join(d, 'name'), 'w') as f:
            f.write('%s (mvs_test.go:%d): build %s\n' % (s['name'],
                    op['line'], op['target']))
PY
ops=$(ls "$work/ops")
nops=$(echo "$ops" | wc -w)
echo "1..$((4 * nops + 1))"
check "the vectors hold build operations to run ($nops)" '[ "$nops" -ge 30 ]'

# One proxy for all: the scenarios' module paths do not overlap.
cat "$work"/ops/*/spec > "$work/all.spec"
sh "$srcdir/tests/scenarios/mkproxy.sh" "$work/all.spec" "$work/proxy"
mv_fakeproxy url --root "$work/proxy"
export GOPROXY="$url"
mv_goenv
sock="$work/run/d.sock"
mv_start_daemon d --socket "$sock" --cache "$work/d.db"

same=0
for op in $ops; do
	d="$work/ops/$op"
	name=$(cat "$d/name")
	(cd "$d" && "$MODVET" --local buildlist > "$d/local" 2> "$d/local.err")
	(cd "$d" && "$MODVET" --socket "$sock" --no-autostart buildlist \
	    > "$d/daemon" 2> "$d/daemon.err")
	if mv_have_go; then
		(cd "$d" && go list -m all > "$d/go" 2> "$d/go.err")
	fi
	cp "$d/local.err" "$work/out"
	check "$name: in-process, the vector's list ($(wc -l < "$d/want") modules)" \
	    'cmp -s "$d/want" "$d/local" || { diff -u "$d/want" "$d/local" >> "$work/out"; false; }'
	cp "$d/daemon.err" "$work/out"
	check "$name: through modvetd, the same" 'cmp -s "$d/want" "$d/daemon"'
	(cd "$d" && GOPROXY="file://$work/proxy" MODVET_CACHE="$d/file.db" \
	    "$MODVET" --local buildlist > "$d/file" 2> "$work/out")
	check "$name: in-process from a file:// GOPROXY, the same" \
	    'cmp -s "$d/want" "$d/file"'
	if mv_have_go; then
		cp "$d/go.err" "$work/out"
		if [ -s "$d/go" ] && cmp -s "$d/go" "$d/local"; then
			ok "$name: go list -m all, the same"
			same=$((same + 1))
		else
			diff -u "$d/go" "$d/local" >> "$work/out"
			notok "$name: go list -m all differs"
		fi
	else
		skip "$name: go not found"
	fi
done
echo "# compared $nops MVS build operations with the vectors and the go command ($same equal to go)"
