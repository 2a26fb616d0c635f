#!/bin/sh
# Upstream misbehaviour is contained: a proxy (a small Python server
# here) that never answers, trickles a byte at a time, sends a go.mod
# that never ends (past 100 MB), a version list of 2 GB, redirects in a
# loop, and redirects to file://. Through the daemon (upstream-timeout
# 2 s), each pin of a go.mod gets a classified upstream-unavailable with
# the reason, never unknown-version; the answer comes within the
# configured time (four tries) and the daemon's memory stays bounded;
# the daemon keeps serving. TAP.
set -u
. "${srcdir:-.}/tests/lib.sh"
mv_setup hostileproxy
: "${MODVETD:=$builddir/modvetd}"
echo "1..7"
cat > "$work/upstream.py" <<'PY'
import http.server, socketserver, sys, time
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a):
        pass
    def ok(self, body, length=None):
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(length if length is not None else len(body)))
        self.end_headers()
        self.wfile.write(body)
    def do_GET(self):
        p = self.path
        try:
            if p.startswith("/example.com/hang/"):
                time.sleep(3600)
            elif p.startswith("/example.com/trickle/"):
                self.send_response(200)
                self.send_header("Content-Length", "1000")
                self.end_headers()
                for _ in range(1000):
                    self.wfile.write(b"v"); self.wfile.flush(); time.sleep(1)
            elif p == "/example.com/bigmod/@v/list":
                self.ok(b"v1.0.0\n")
            elif p == "/example.com/bigmod/@v/v1.0.0.info":
                self.ok(b'{"Version":"v1.0.0","Time":"2024-01-02T03:04:05Z"}\n')
            elif p == "/example.com/bigmod/@v/v1.0.0.mod":
                self.send_response(200)
                self.send_header("Content-Length", str(200 << 20))
                self.end_headers()
                chunk = b"// " + b"x" * 65533 + b"\n"
                for _ in range(200 << 4):
                    self.wfile.write(chunk)
            elif p.startswith("/example.com/biglist/"):
                self.send_response(200)
                self.send_header("Content-Length", str(2 << 30))
                self.end_headers()
                chunk = b"v1.0.0\n" * 9362
                for _ in range((2 << 30) // len(chunk)):
                    self.wfile.write(chunk)
            elif p.startswith("/example.com/loop/"):
                self.send_response(302)
                self.send_header("Location", p)
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif p.startswith("/example.com/file/"):
                self.send_response(302)
                self.send_header("Location", "file:///etc/passwd")
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif p == "/example.com/fine/@v/list":
                self.ok(b"v1.0.0\n")
            else:
                self.send_response(404)
                self.send_header("Content-Length", "10")
                self.end_headers()
                self.wfile.write(b"not found\n")
        except (BrokenPipeError, ConnectionResetError):
            pass
class S(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
s = S(("127.0.0.1", 0), H)
print("upstream listening on http://127.0.0.1:%d" % s.server_address[1], flush=True)
s.serve_forever()
PY
python3 "$work/upstream.py" > "$work/upstream.out" 2>&1 &
mv_pids="$mv_pids $!"
i=0
while ! grep -q "^upstream listening on " "$work/upstream.out" 2>/dev/null; do
	i=$((i + 1)); [ $i -gt 200 ] && { echo "Bail out! upstream: $(cat "$work/upstream.out")"; exit 1; }
	sleep 0.05
done
url=$(sed -n 's/^upstream listening on //p' "$work/upstream.out")
export GOPROXY="$url" GOFLAGS= GONOSUMDB= GOPRIVATE= GONOPROXY=

mv_start_daemon d --socket "$work/run/d.sock" --cache "$work/d.db" \
    --refresh-interval 0 --upstream-timeout 2 --threads 8
dpid=$pid
unset MODVET_LOCAL

# One go.mod per misbehaviour, checked through the daemon.
for m in hang trickle bigmod biglist loop file; do
	mkdir -p "$work/$m"
	printf 'module example.com/app\n\ngo 1.21\n\nrequire example.com/%s v1.0.0\n' "$m" > "$work/$m/go.mod"
done
t0=$(date +%s)
for m in hang trickle bigmod biglist loop file; do
	"$MODVET" --socket "$work/run/d.sock" check -C "$work/$m" -f json > "$work/$m.json" 2>&1 &
	eval "p_$m=\$!"
done
for m in hang trickle bigmod biglist loop file; do
	eval "wait \$p_$m"
done
t=$(( $(date +%s) - t0 ))
rss=$(awk '/^VmHWM/ { print $2 }' "/proc/$dpid/status" 2>/dev/null || echo 0)
for m in hang trickle bigmod biglist loop file; do
	python3 - "$work/$m.json" > "$work/$m.txt" 2>&1 <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for f in d["findings"]:
    print(f["code"], f.get("module", "-"), "|", f["message"], "|", " ; ".join(f["evidence"]))
PY
done
check "six misbehaving upstreams, checked at once: all answered in $t s (upstream-timeout 2 s: four tries of at most 2 s and 1.75 s of backoff a request, a few rounds of requests)" \
    '[ $t -lt 60 ] && [ -s "$work/hang.txt" ]'
while read -r m why; do
	check "$m: upstream-unavailable saying \"$why\", never unknown-version" \
	    'grep -q "^upstream-unavailable example.com/$m .*$why" "$work/$m.txt" && ! grep -q "^unknown-version" "$work/$m.txt" ||
	    { cat "$work/$m.txt" > "$work/out"; false; }'
done <<EOF
hang Timeout
trickle Timeout
bigmod larger than 16777216 bytes
loop redirects
file Unsupported protocol
EOF
check "biglist (2 GB) and bigmod (past 100 MB) capped: the daemon's peak memory ${rss} kB (< 200 MB); it still serves" \
    '[ "${rss:-0}" -gt 0 ] && [ "$rss" -lt 204800 ] && ! grep -q "^unknown-version" "$work/biglist.txt" &&
    "$MODVET" --socket "$work/run/d.sock" versions example.com/fine > "$work/fine" 2>&1 && grep -q v1.0.0 "$work/fine" ||
    { cat "$work/biglist.txt" "$work/fine" > "$work/out"; false; }'
export MODVET_LOCAL=1
