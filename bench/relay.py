#!/usr/bin/env python3
"""relay: pass one connection from LISTEN to the Unix socket UPSTREAM and
save what the client sent in FILE, so that bench/floor can send the very
request modvet sent (floor SOCKET - FILE). It prints "ready" once it
listens, then serves one connection and exits.

    relay.py LISTEN UPSTREAM FILE
"""
import os
import socket
import sys


def main():
    listen, upstream, out = sys.argv[1:4]
    if os.path.exists(listen):
        os.unlink(listen)
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(listen)
    srv.listen(1)
    print("ready", flush=True)
    conn, _ = srv.accept()
    up = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    up.connect(upstream)
    # The request: its head, then Content-Length bytes of body (the client
    # keeps its side open until the answer ends).
    req = b""
    while b"\r\n\r\n" not in req:
        chunk = conn.recv(65536)
        if not chunk:
            break
        req += chunk
    head, _, body = req.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
    req = head + b"\r\n\r\n" + body
    with open(out, "wb") as f:
        f.write(req)
    up.sendall(req)
    while True:
        chunk = up.recv(65536)
        if not chunk:
            break
        conn.sendall(chunk)
    conn.close()
    up.close()
    os.unlink(listen)


if __name__ == "__main__":
    main()
