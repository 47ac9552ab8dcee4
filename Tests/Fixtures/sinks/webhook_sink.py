#!/usr/bin/env python3
"""A webhook receiver on loopback for the notification tests: logs every POST as one JSON line
(path, X-Shanshui-Id, Idempotency-Key, whether the HMAC-SHA256 signature checks out, the body),
answers 200, and with --stall-first N holds the first request N seconds before answering."""
import argparse, hashlib, hmac, json, socket, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

parser = argparse.ArgumentParser()
parser.add_argument("--log", required=True)
parser.add_argument("--port-file", required=True)
parser.add_argument("--secret", default="")
parser.add_argument("--stall-first", type=float, default=0)
args = parser.parse_args()
lock = threading.Lock()
seen = {"count": 0}


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        expected = "sha256=" + hmac.new(args.secret.encode(), body, hashlib.sha256).hexdigest()
        record = {"path": self.path, "id": self.headers.get("X-Shanshui-Id"), "idempotency": self.headers.get("Idempotency-Key"),
                  "signature_ok": hmac.compare_digest(expected, self.headers.get("X-Shanshui-Signature", "")),
                  "body": json.loads(body.decode("utf-8"))}
        with lock:
            seen["count"] += 1
            first = seen["count"] == 1
            with open(args.log, "a", encoding="utf-8") as f:
                f.write(json.dumps(record, ensure_ascii=False) + "\n")
        if first and args.stall_first > 0:
            with open(args.log + ".stalling", "w") as f:
                f.write("stalling\n")
            time.sleep(args.stall_first)
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *a):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(args.port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
import os
os.rename(args.port_file + ".tmp", args.port_file)
server.serve_forever()
