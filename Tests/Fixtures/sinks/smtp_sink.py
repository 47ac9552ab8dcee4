#!/usr/bin/env python3
"""An SMTP sink on loopback for the notification tests (aiosmtpd, Debian python3-aiosmtpd):
every message received is appended to --log as one JSON line (sender, recipients, raw data)."""
import argparse, json, os, socket, time
from aiosmtpd.controller import Controller

parser = argparse.ArgumentParser()
parser.add_argument("--log", required=True)
parser.add_argument("--port-file", required=True)
args = parser.parse_args()


class Handler:
    async def handle_DATA(self, server, session, envelope):
        with open(args.log, "a", encoding="utf-8") as f:
            f.write(json.dumps({"from": envelope.mail_from, "to": envelope.rcpt_tos,
                                "data": envelope.content.decode("utf-8", "replace")}, ensure_ascii=False) + "\n")
        return "250 OK"


probe = socket.socket()
probe.bind(("127.0.0.1", 0))
port = probe.getsockname()[1]
probe.close()
controller = Controller(Handler(), hostname="127.0.0.1", port=port)
controller.start()
with open(args.port_file + ".tmp", "w") as f:
    f.write(str(port))
os.rename(args.port_file + ".tmp", args.port_file)
while True:
    time.sleep(3600)
