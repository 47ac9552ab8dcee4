#!/usr/bin/env python3
"""HTTP fuzzing of a running `shanshui serve` on loopback (called by scripts/fuzz http).

Sends random and malformed requests for --seconds: every path of the service's own OpenAPI
document with odd path parameters, query strings (huge, negative and non-numeric limits and
offsets, broken bbox and datetime, unknown names, percent junk), methods (including TRACE and
made-up ones), content types and bodies (random bytes, broken and deep JSON, duplicate keys,
non-JSON numbers, invalid UTF-8, oversized bodies), half anonymous and half signed in as an
admin, plus raw malformed HTTP on a socket. Fails (exit 1) on any 5xx answer or when the
server stops answering. Prints requests sent, status counts and failures.
"""
import argparse, base64, http.client, json, os, random, socket, sys, time, urllib.parse

p = argparse.ArgumentParser()
p.add_argument("--port", type=int, required=True)
p.add_argument("--seconds", type=float, default=60)
p.add_argument("--pid", type=int)
p.add_argument("--auth", help="user:password for HTTP Basic")
p.add_argument("--seed", type=int, default=19)
a = p.parse_args()
rng = random.Random(a.seed)
HOST = "127.0.0.1"

def connect():
    return http.client.HTTPConnection(HOST, a.port, timeout=30)

def alive():
    try:
        c = connect(); c.request("GET", "/api/v1/openapi.json"); r = c.getresponse(); r.read(); c.close()
        return r.status == 200
    except OSError:
        return False

for _ in range(100):
    if alive(): break
    time.sleep(0.2)
else:
    print("fuzz-http: the server does not answer", file=sys.stderr); sys.exit(1)

c = connect(); c.request("GET", "/api/v1/openapi.json"); doc = json.loads(c.getresponse().read())
paths = list(doc.get("paths", {}).keys()) + ["/ogc", "/ogc/api", "/ogc/conformance", "/map", "/metrics", "/", "/nope"]

STRINGS = ["", "0", "-1", "1", "9223372036854775807", "-9223372036854775808", "99999999999999999999999",
           "1e309", "NaN", "%", "%25", "%00", "..%2F..%2Fetc%2Fpasswd", "a" * 5000, "海陵区", "'; DROP TABLE x;--",
           "_", "*", "null", "true", "[]", "{}", "\u202e", "%ff%fe", "2024-02-30", "2024-01-01/..", "../..", "NR1"]
QUERY_NAMES = ["limit", "offset", "bbox", "datetime", "as_of", "kind", "status", "cell", "scan", "q", "f", "level",
               "severity", "zone", "area", "bbox-crs", "next", "x" * 300]

def rand_text():
    r = rng.random()
    if r < 0.6: return rng.choice(STRINGS)
    if r < 0.8: return ",".join(str(rng.choice([rng.uniform(-400, 400), rng.randint(-2**63, 2**63), "x", ""])) for _ in range(rng.randint(0, 7)))
    return "".join(chr(rng.randint(1, 0x2FFF)) for _ in range(rng.randint(0, 40)))

def rand_path():
    path = rng.choice(paths)
    while "{" in path:
        i, j = path.index("{"), path.index("}")
        path = path[:i] + urllib.parse.quote(rand_text(), safe="") + path[j + 1:]
    if rng.random() < 0.1: path += rng.choice(["/", "//", "/x", "?", "#frag", "/%2e%2e"])
    if rng.random() < 0.8:
        params = [(rng.choice(QUERY_NAMES), rand_text()) for _ in range(rng.randint(1, 4))]
        path += "?" + "&".join(urllib.parse.quote(k) + "=" + urllib.parse.quote(v) for k, v in params)
    return path

def rand_json(depth=0):
    r = rng.random()
    if depth > 4 or r < 0.3: return rng.choice([None, True, 0, -1, 2**70, 1.5, "x", rand_text(), [], {}])
    if r < 0.6: return [rand_json(depth + 1) for _ in range(rng.randint(0, 4))]
    keys = ["name", "code", "kind", "status", "note", "role", "unit", "head", "staff", "effective", "path", "date",
            "sensor", "bands", "type", "features", "geometry", "properties", "coordinates", "reason", "to", "by"]
    return {rng.choice(keys): rand_json(depth + 1) for _ in range(rng.randint(0, 5))}

def rand_body():
    r = rng.random()
    if r < 0.35: return json.dumps(rand_json()).encode(), "application/json"
    if r < 0.45: return b'{"a":01,"b":.5,"c":+1,"d":NaN}', "application/json"
    if r < 0.5: return b'{"a":1,"a":2}', "application/json"
    if r < 0.55: return b'{"name":"\xff\xfe"}', "application/json"
    if r < 0.6: return b"[" * 100000, "application/json"
    if r < 0.65:
        poly = [[[rng.uniform(-200, 200), rng.uniform(-100, 100)] for _ in range(rng.randint(0, 50))]]
        return json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "x"},
                           "geometry": {"type": "Polygon", "coordinates": poly}}]}).encode(), "application/geo+json"
    if r < 0.7: return os.urandom(rng.randint(0, 3000)), rng.choice(["application/octet-stream", "image/jpeg", "text/csv"])
    if r < 0.72: return b"x" * (3 << 20), "application/json"
    return json.dumps(rand_json()).encode(), rng.choice(["text/plain", "", "application/json; charset=latin1", "multipart/form-data; boundary=x"])

auth_header = None
if a.auth: auth_header = "Basic " + base64.b64encode(a.auth.encode()).decode()

counts, failures, sent = {}, [], 0
end = time.time() + a.seconds
while time.time() < end:
    sent += 1
    if rng.random() < 0.1:
        # Raw malformed HTTP on a socket: the server may answer 4xx or close, never 5xx or die.
        raw = rng.choice([b"GARBAGE\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n", b"GET /api/v1/cases HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
                          b"POST /api/v1/cases HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{", b"\x00\xff" * 100,
                          b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
                          b"GET / HTTP/1.1\r\nHost: x\r\n" + b"X-A: b\r\n" * 2000 + b"\r\n",
                          b"GET /api/v1/cases HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"])
        try:
            s = socket.create_connection((HOST, a.port), timeout=10); s.sendall(raw)
            data = s.recv(100); s.close()
            if data.startswith(b"HTTP/1.1 5"):
                failures.append(("RAW", raw[:60], data[:40])); counts["raw 5xx"] = counts.get("raw 5xx", 0) + 1
            else:
                counts["raw"] = counts.get("raw", 0) + 1
        except OSError:
            counts["raw closed"] = counts.get("raw closed", 0) + 1
        continue
    method = rng.choice(["GET"] * 5 + ["POST"] * 3 + ["PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "BREW"])
    path = rand_path()
    headers = {}
    if auth_header and rng.random() < 0.5: headers["Authorization"] = auth_header
    elif rng.random() < 0.1: headers["Authorization"] = rng.choice(["Bearer x", "Basic !!!", "Basic " + base64.b64encode(b"a:b").decode()])
    if rng.random() < 0.2: headers["If-Match"] = rng.choice(['"1"', "*", "junk", '"99999999999999999999"'])
    if rng.random() < 0.1: headers["Accept"] = rng.choice(["text/html", "application/geo+json", "*/*", "x/y"])
    body = None
    if method in ("POST", "PUT", "PATCH") or rng.random() < 0.05:
        body, ctype = rand_body()
        if ctype: headers["Content-Type"] = ctype
    try:
        conn = connect()
        conn.request(method, path, body=body, headers=headers)
        r = conn.getresponse(); r.read(); conn.close()
        counts[r.status] = counts.get(r.status, 0) + 1
        if r.status >= 500:
            failures.append((method, path[:120], r.status))
    except (OSError, http.client.HTTPException) as e:
        if not alive():
            failures.append((method, path[:120], "server stopped answering: %s" % e)); break
        counts["closed"] = counts.get("closed", 0) + 1

up = alive() and (a.pid is None or os.path.exists("/proc/%d" % a.pid))
summary = ", ".join("%s: %d" % (k, v) for k, v in sorted(counts.items(), key=lambda kv: str(kv[0])))
print("http     %.0f s  requests %d  %s  server %s" % (a.seconds, sent, summary, "up" if up else "DOWN"))
for f in failures[:20]: print("  FAILURE", *f)
sys.exit(0 if up and not failures else 1)
