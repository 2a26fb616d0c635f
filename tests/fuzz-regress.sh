#!/bin/sh
# Replay the fuzz seeds and regression inputs through the fuzz targets
# built without libFuzzer (tests/fuzz/replay-*), so every build, the
# sanitizer build included, rechecks them. TAP.
set -u
: "${srcdir:=.}"
: "${builddir:=.}"

echo "1..7"
out=$("$builddir/tests/fuzz/replay-modfile" \
    "$srcdir"/tests/data/gomod/*.mod "$srcdir"/tests/fuzz/regressions/modfile/* 2>&1)
if [ $? -eq 0 ]; then echo "ok 1 - go.mod target: $out"; else
	echo "$out" | sed 's/^/# /'; echo "not ok 1 - go.mod target"; fi
out=$("$builddir/tests/fuzz/replay-gosum" "$srcdir"/tests/fuzz/regressions/gosum/* 2>&1)
if [ $? -eq 0 ]; then echo "ok 2 - go.sum target: $out"; else
	echo "$out" | sed 's/^/# /'; echo "not ok 2 - go.sum target"; fi
out=$("$builddir/tests/fuzz/replay-sumdb" "$srcdir"/tests/fuzz/regressions/sumdb/* 2>&1)
if [ $? -eq 0 ]; then echo "ok 3 - checksum database target: $out"; else
	echo "$out" | sed 's/^/# /'; echo "not ok 3 - checksum database target"; fi
out=$("$builddir/tests/fuzz/replay-gosrc" "$srcdir"/tests/fuzz/regressions/gosrc/* 2>&1)
if [ $? -eq 0 ]; then echo "ok 4 - Go source target: $out"; else
	echo "$out" | sed 's/^/# /'; echo "not ok 4 - Go source target"; fi
out=$("$builddir/tests/fuzz/replay-zip" "$srcdir"/tests/fuzz/regressions/zip/* 2>&1)
if [ $? -eq 0 ]; then echo "ok 5 - module zip target: $out"; else
	echo "$out" | sed 's/^/# /'; echo "not ok 5 - module zip target"; fi
out=$("$builddir/tests/fuzz/replay-upstream" "$srcdir"/tests/fuzz/regressions/upstream/* 2>&1)
if [ $? -eq 0 ]; then echo "ok 6 - upstream answers target (.info, @v/list, go-import): $out"; else
	echo "$out" | sed 's/^/# /'; echo "not ok 6 - upstream answers target"; fi
out=$("$builddir/tests/fuzz/replay-request" "$srcdir"/tests/fuzz/regressions/request/* 2>&1)
if [ $? -eq 0 ]; then echo "ok 7 - request bodies and daemon answers target: $out"; else
	echo "$out" | sed 's/^/# /'; echo "not ok 7 - request bodies and daemon answers target"; fi
