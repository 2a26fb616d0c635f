#!/bin/sh
# Replay the fuzz seeds and regression inputs through the fuzz targets
# built without libFuzzer (tests/fuzz/replay-*), so every build, the
# sanitizer build included, rechecks them. TAP.
set -u
: "${srcdir:=.}"
: "${builddir:=.}"
reg="$srcdir/tests/fuzz/regressions"

# replay NUMBER TARGET DESCRIPTION INPUT...
replay() {
	k=$1 target=$2 what=$3
	shift 3
	if out=$("$builddir/tests/fuzz/replay-$target" "$@" 2>&1); then
		echo "ok $k - $what: $out"
	else
		echo "$out" | sed 's/^/# /'
		echo "not ok $k - $what"
	fi
}
echo "1..8"
replay 1 modfile "go.mod target" "$srcdir"/tests/data/gomod/*.mod "$reg"/modfile/*
replay 2 gosum "go.sum target" "$reg"/gosum/*
replay 3 sumdb "checksum database target" "$reg"/sumdb/*
replay 4 gosrc "Go source target" "$reg"/gosrc/*
replay 5 zip "module zip target" "$reg"/zip/*
replay 6 upstream "upstream answers target (.info, @v/list, go-import)" "$reg"/upstream/*
replay 7 request "request bodies and daemon answers target" "$reg"/request/*
replay 8 head "request heads target (the gate's judge)" "$reg"/head/*
