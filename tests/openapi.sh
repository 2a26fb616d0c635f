#!/bin/sh
# doc/openapi.yaml is the API's document: it must parse as YAML (every
# OpenAPI tool rejects it otherwise), be OpenAPI 3, describe every route
# of modvetd's route table (daemon/route-*.c) with its method, and pass
# redocly lint with its recommended rules (doc/redocly.yaml: every
# operation with an operationId and a 4xx answer; no warning) where
# redocly is found (REDOCLY, or on PATH: .ci/run installs it). TAP.
set -u
. "${srcdir:-.}/tests/lib.sh"
mv_setup openapi
if ! command -v python3 >/dev/null 2>&1 ||
    ! python3 -c 'import yaml' >/dev/null 2>&1; then
	echo "1..0 # SKIP python3 with yaml not found (Debian package python3-yaml)"
	exit 0
fi
doc="$srcdir/doc/openapi.yaml"
# "METHOD /path" of each route; a prefix route ("/v1/watch/") is any
# documented path under it.
routes=$(sed -n 's/^[[:space:]]*"\(GET\|POST\|DELETE\)", "\([^"]*\)".*/\1 \2/p' \
    "$srcdir"/daemon/route-*.c)
echo "1..$(( $(echo "$routes" | wc -l) + 2 ))"
python3 - "$doc" > "$work/out" 2>&1 <<'EOF'
import sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
assert str(d.get("openapi", "")).startswith("3."), "not OpenAPI 3"
for path, ops in d["paths"].items():
    for method in ops:
        print(method.upper(), path)
EOF
st=$?
check "doc/openapi.yaml parses as YAML, OpenAPI 3" '[ $st = 0 ]'
cp "$work/out" "$work/documented"
echo "$routes" | while read -r method path; do
	case $path in
	*/)	pat="^$method $path." ;;
	*)	pat="^$method $path\$" ;;
	esac
	if grep -q "$pat" "$work/documented"; then
		echo "ok - $method $path is documented"
	else
		echo "not ok - $method $path is not in doc/openapi.yaml"
	fi
done
redocly=${REDOCLY:-$(command -v redocly 2>/dev/null)}
if [ -n "$redocly" ] && [ -x "$redocly" ]; then
	"$redocly" lint --config "$srcdir/doc/redocly.yaml" "$doc" > "$work/out" 2>&1; st=$?
	warn=$(grep -c "^Warning was generated\|^Error was generated" "$work/out")
	# (unnumbered, as the route lines above, which a subshell prints)
	if [ $st = 0 ] && [ "$warn" = 0 ]; then
		echo "ok - redocly lint: valid, no warning"
	else
		sed 's/^/# /' "$work/out" | head -40
		echo "not ok - redocly lint (exit $st, $warn warnings)"
	fi
else
	echo "ok # SKIP redocly not found (npm @redocly/cli; .ci/run installs it and sets REDOCLY)"
fi
