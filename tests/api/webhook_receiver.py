"""A webhook receiver on loopback for tests: records every request, answers each with
the next of `answers` (a status code, or "stall": read the request, never answer), then 200."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.faults.redis_server import wait_for


class WebhookReceiver:
    def __init__(self, answers=()):
        self.answers = list(answers)
        self.requests = []  # (path, headers as a dict, body bytes)
        self.stalled = []
        self._release = threading.Event()
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with receiver._lock:
                    answer = receiver.answers.pop(0) if receiver.answers else 200
                    record = (self.path, dict(self.headers.items()), body)
                    if answer == "stall":
                        receiver.stalled.append(record)
                    else:
                        receiver.requests.append(record)
                if answer == "stall":
                    receiver._release.wait(60)
                    return
                self.send_response(answer)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/hooks/"

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self._release.set()
        self.server.shutdown()
        self.server.server_close()

    def wait_for(self, condition, timeout=20):
        return wait_for(condition, timeout=timeout, every=0.05)
