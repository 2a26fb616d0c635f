#!/bin/sh
# Malformed HTTP against modvetd's TCP listener, byte for byte as a
# hostile client sends it: garbage, a 1 MB header, thousands of headers,
# bad Content-Lengths, bad chunk sizes, pipelining, HTTP/1.0, 10 KB paths,
# and percent-encoded "..", "/" and NUL in the path of every route. Each
# must be answered 4xx (or, for the well-formed ones, as the request
# deserves), never 5xx, never with the daemon's files, and the daemon must
# answer a health check after each. TAP.
set -u
. "${srcdir:-.}/tests/lib.sh"
mv_setup battery
if ! command -v python3 >/dev/null 2>&1; then
	echo "1..0 # SKIP python3 not found"; exit 0
fi
printf 'battery-token-0123456789abcdef\n' > "$work/token"
chmod 600 "$work/token"
mv_fakeproxy url --root "$srcdir/tests/data/goproxy-aws"
GOPROXY="$url" mv_start_daemon d --socket "$work/run/d.sock" \
    --cache "$work/d.db" --refresh-interval 0 --listen 127.0.0.1:0 \
    --token-file "$work/token"
port=$(sed -n 's/.*and tcp:127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/d.log")

python3 - "$port" "battery-token-0123456789abcdef" <<'PY'
import json, socket, sys, time

port, token = int(sys.argv[1]), sys.argv[2]
auth = "Authorization: Bearer %s\r\n" % token
host = "Host: 127.0.0.1:%d\r\n" % port

def send(raw, timeout=10):
    """Send raw bytes; return every status code answered, in order."""
    s = socket.create_connection(("127.0.0.1", port))
    s.settimeout(timeout)
    try:
        s.sendall(raw)
    except OSError:
        pass
    got = b""
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        try:
            b = s.recv(65536)
        except (socket.timeout, OSError):
            break
        if not b:
            break
        got += b
        # a single answer without keep-alive ends with the connection;
        # otherwise stop once the statuses expected are in
        if raw.count(b"\r\n\r\n") <= 1 and got.count(b"HTTP/1.") >= 1 and \
                b"\r\n\r\n" in got:
            head, _, body = got.partition(b"\r\n\r\n")
            cl = [l for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:")]
            if cl and len(body) >= int(cl[0].split(b":")[1]):
                break
    s.close()
    codes = []
    for part in got.split(b"HTTP/1.")[1:]:
        try:
            codes.append(int(part[2:5]))
        except ValueError:
            pass
    return codes, got

def healthy():
    codes, _ = send(("GET /v1/health HTTP/1.1\r\n" + host + auth +
                     "Connection: close\r\n\r\n").encode())
    return codes == [200]

def errors_in_json(got):
    """Every error answer in got is the API's JSON error document (not
    libmicrohttpd's HTML): its Content-Type, and error.code in its body."""
    while got.startswith(b"HTTP/1."):
        head, _, rest = got.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        status = int(lines[0][9:12])
        fields = dict((l.split(b":", 1)[0].strip().lower(), l.split(b":", 1)[1].strip())
                      for l in lines[1:] if b":" in l)
        n = int(fields.get(b"content-length", b"0"))
        body, got = rest[:n], rest[n:]
        if status >= 400:
            if fields.get(b"content-type") != b"application/json":
                return False
            try:
                if not isinstance(json.loads(body)["error"]["code"], str):
                    return False
            except (ValueError, KeyError, TypeError):
                return False
    return True

count = 0
def case(desc, raw, want=lambda c: bool(c) and all(400 <= x < 500 for x in c), secret=None):
    global count
    count += 1
    codes, body = send(raw)
    good = want(codes) and errors_in_json(body) and healthy()
    if secret is not None and secret in body:
        good = False
    print("%s %d - %s: %s%s, then health 200" % ("ok" if good else "not ok", count, desc,
          " ".join(map(str, codes)) or "closed", " in JSON" if codes and codes[-1] >= 400 else ""))
    if not good:
        print("#   got: %r" % body[:300])
    sys.stdout.flush()

get = lambda path, extra="": ("GET %s HTTP/1.1\r\n" % path + host + auth + extra +
                               "Connection: close\r\n\r\n").encode()

# Each error below was libmicrohttpd's HTML until the gate (daemon/gate.c)
# judged a connection's first head itself; now each is the API's JSON.
case("garbage bytes", b"\x00\x01\x02\xff garbage \x7f\r\n\r\n")
case("a TLS hello to the plain HTTP port (no line end)",
     b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\xaa" * 32)
case("a request line with no version", b"GET /v1/health\r\n\r\n")
case("a folded header line", get("/v1/health", "X-A: a\r\n b\r\n"))
case("Transfer-Encoding: gzip", ("POST /v1/check HTTP/1.1\r\n" + host + auth +
     "Transfer-Encoding: gzip\r\nConnection: close\r\n\r\n").encode(),
     want=lambda c: c == [501])
case("a chunk's data longer than its size", ("POST /v1/check HTTP/1.1\r\n" + host + auth +
     "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\nabc\r\n0\r\n\r\n").encode())
case("a 1 MB header", get("/v1/health", "X-Big: " + "a" * (1 << 20) + "\r\n"),
     want=lambda c: c == [431])
case("5,000 headers", get("/v1/health", "X-h: v\r\n" * 5000), want=lambda c: c == [431])
case("a header line with no colon", get("/v1/health", "no colon here\r\n"))
case("Content-Length: abc", ("POST /v1/check HTTP/1.1\r\n" + host + auth +
     "Content-Length: abc\r\nConnection: close\r\n\r\nmodule m\n").encode())
case("Content-Length: -5", ("POST /v1/check HTTP/1.1\r\n" + host + auth +
     "Content-Length: -5\r\nConnection: close\r\n\r\nmodule m\n").encode())
case("Content-Length of 2^64", ("POST /v1/check HTTP/1.1\r\n" + host + auth +
     "Content-Length: 18446744073709551616\r\nConnection: close\r\n\r\n").encode())
case("two different Content-Lengths", ("POST /v1/check HTTP/1.1\r\n" + host + auth +
     "Content-Length: 3\r\nContent-Length: 9\r\nConnection: close\r\n\r\nmodule m\n").encode())
case("a chunk size that is not hex", ("POST /v1/check HTTP/1.1\r\n" + host + auth +
     "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\nmodule m\r\n0\r\n\r\n").encode())
case("a chunk size of 2^64", ("POST /v1/check HTTP/1.1\r\n" + host + auth +
     "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n10000000000000000\r\nx\r\n0\r\n\r\n").encode())
case("a chunked body over max-body", ("POST /v1/check HTTP/1.1\r\n" + host + auth +
     "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n").encode() +
     b"".join(b"%x\r\n%s\r\n" % (65536, b"a" * 65536) for _ in range(20)) + b"0\r\n\r\n",
     want=lambda c: c == [413])
case("pipelining: two requests in one write, two answers",
     ("GET /v1/health HTTP/1.1\r\n" + host + auth + "\r\n" +
      "GET /v1/version HTTP/1.1\r\n" + host + auth + "Connection: close\r\n\r\n").encode(),
     want=lambda c: c == [200, 200])
case("HTTP/1.0 with Host", ("GET /v1/health HTTP/1.0\r\n" + host + auth + "\r\n").encode(),
     want=lambda c: c == [200])
# (no browser sends HTTP/1.0 without Host: no DNS rebinding through it)
case("HTTP/1.0 without Host: answered", ("GET /v1/health HTTP/1.0\r\n" + auth + "\r\n").encode(),
     want=lambda c: c == [200])
case("HTTP/1.1 without Host", ("GET /v1/health HTTP/1.1\r\n" + auth + "\r\n").encode())
case("HTTP/2.0 in the request line", ("GET /v1/health HTTP/2.0\r\n" + host + auth + "\r\n").encode(),
     want=lambda c: c == [505])
case("a 10 KB path", get("/v1/modules/" + "a" * 10240 + "/versions"), want=lambda c: c == [414])
case("a 10 KB query", get("/v1/health?" + "a=b&" * 2560), want=lambda c: c == [200] or all(400 <= x < 500 for x in c))

# Every route, with "..", an encoded "/" and an encoded NUL in its path.
routes = [("GET", "/v1/health"), ("GET", "/v1/version"), ("GET", "/metrics"),
          ("GET", "/v1/modules/"), ("GET", "/v1/watch"), ("POST", "/v1/watch"),
          ("DELETE", "/v1/watch/"), ("GET", "/v1/reports"), ("GET", "/v1/reports/"),
          ("POST", "/v1/reports"), ("POST", "/v1/check"), ("POST", "/v1/fix"),
          ("POST", "/v1/graph"), ("POST", "/v1/buildlist")]
tails = ["/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/../../../etc/passwd",
         "/..%2f..%2f..%2fetc%2fpasswd", "/github.com/x%00/y"]
for method, path in routes:
    for tail in tails:
        p = path.rstrip("/") + tail
        if path.startswith("/v1/modules/"):
            p += "/@v/list"
        raw = ("%s %s HTTP/1.1\r\n" % (method, p) + host + auth +
               "Content-Length: 0\r\nConnection: close\r\n\r\n").encode()
        case("%s %s" % (method, p), raw, secret=b"root:x:0:0")
print("1..%d" % count)
PY
