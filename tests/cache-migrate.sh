#!/bin/sh
# A cache of an older schema is brought to this modvet's when opened
# (cache/cache.c cache_migrate), keeping what it knows. Schema 7 stored
# each .mod's requirements, retractions, deprecation and go line as rows
# that nothing read; schema 8 drops them. A schema-7 file (made here from
# a schema-8 one by putting them back) is migrated by the next check,
# which answers as before without asking the proxy again. TAP.
set -u
. "${srcdir:-.}/tests/lib.sh"
mv_setup cache-migrate
p="$work/proxy"
mkdir -p "$p/example.com/a/@v"
printf 'module example.com/a\n\ngo 1.21\n\nrequire example.com/b v1.0.0\n' > "$p/example.com/a/@v/v1.0.0.mod"
printf '{"Version":"v1.0.0","Time":"2024-01-02T03:04:05Z"}\n' > "$p/example.com/a/@v/v1.0.0.info"
echo v1.0.0 > "$p/example.com/a/@v/list"
mv_fakeproxy url --root "$p" --log "$work/proxy.log"
export GOPROXY="$url" GOFLAGS= GOPRIVATE= GONOPROXY=
mkdir -p "$work/m"
printf 'module example.com/m\n\ngo 1.21\n\nrequire example.com/a v1.0.0\n' > "$work/m/go.mod"
echo "1..3"
db="$work/c.db"
MODVET_CACHE="$db" "$MODVET" check -C "$work/m" > "$work/first.out" 2>&1; st1=$?
python3 - "$db" <<'PY' > "$work/out" 2>&1
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript("""
ALTER TABLE version ADD COLUMN go_line TEXT;
CREATE TABLE requirement (path TEXT NOT NULL, version TEXT NOT NULL,
    seq INTEGER NOT NULL, req_path TEXT NOT NULL, req_version TEXT NOT NULL,
    indirect INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (path, version, seq));
CREATE TABLE retraction (path TEXT NOT NULL, version TEXT NOT NULL,
    seq INTEGER NOT NULL, low TEXT NOT NULL, high TEXT NOT NULL,
    rationale TEXT NOT NULL DEFAULT '', PRIMARY KEY (path, version, seq));
CREATE TABLE deprecation (path TEXT NOT NULL, version TEXT NOT NULL,
    message TEXT NOT NULL, PRIMARY KEY (path, version));
INSERT INTO requirement VALUES ('example.com/a', 'v1.0.0', 0, 'example.com/b', 'v1.0.0', 0);
UPDATE version SET go_line = '1.21' WHERE mod IS NOT NULL;
PRAGMA user_version = 7;
""")
db.commit()
print(db.execute("PRAGMA user_version").fetchone()[0])
PY
check "a schema-7 cache is made from the first check's (exit $st1)" \
    '[ "$(cat "$work/out")" = 7 ]'
: > "$work/proxy.log"
MODVET_CACHE="$db" "$MODVET" check -C "$work/m" > "$work/second.out" 2>&1; st2=$?
diff "$work/first.out" "$work/second.out" > "$work/out"
check "the next check migrates it and answers as before, from the cache (exit $st1, $st2; $(grep -c . "$work/proxy.log") requests)" \
    '[ "$st1" = "$st2" ] && [ ! -s "$work/out" ] && [ ! -s "$work/proxy.log" ]'
python3 - "$db" <<'PY' > "$work/out" 2>&1
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
cols = {r[1] for r in db.execute("PRAGMA table_info(version)")}
mods = db.execute("SELECT count(*) FROM version WHERE mod IS NOT NULL AND h1_mod IS NOT NULL").fetchone()[0]
print(db.execute("PRAGMA user_version").fetchone()[0],
      sorted(tables & {"requirement", "retraction", "deprecation"}),
      "go_line" in cols, mods, db.execute("PRAGMA integrity_check").fetchone()[0])
PY
check "schema 8: the rows nothing read are gone, the .mod files and hashes kept: $(cat "$work/out")" \
    '[ "$(cat "$work/out")" = "8 [] False 1 ok" ]'
