"""A minimal SMTP server for fault tests, in a thread of the test process.

It accepts every message, except that the first `stall` messages are read to their
final "." and then never answered: the sender is stuck mid-send, as with a slow or
hung mail server, and (per RFC 5321) a message that got no 250 was not accepted.
"""

import email
import socketserver
import threading


class _Handler(socketserver.StreamRequestHandler):
    timeout = 60  # a stalled conversation ends when the sender dies, or after this

    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        stub = self.server.stub
        self.reply("220 stub.localhost ESMTP")
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb == b"EHLO":
                self.reply("250-stub.localhost")
                self.reply("250 8BITMIME")
            elif verb in (b"HELO", b"MAIL", b"RCPT", b"RSET", b"NOOP"):
                self.reply("250 OK")
            elif verb == b"DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                data = b"".join(iter(self._data_line, None))
                if stub.take_stall():
                    stub.record(stub.stalled, data)
                    # Never answer: wait until the sender goes away.
                    while self.rfile.readline():
                        pass
                    return
                stub.record(stub.delivered, data)
                self.reply("250 OK: queued")
            elif verb == b"QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")

    def _data_line(self):
        line = self.rfile.readline()
        if not line or line == b".\r\n":
            return None
        return line[1:] if line.startswith(b"..") else line


class SMTPStub:
    def __init__(self, stall=0):
        self._stall = stall
        self._lock = threading.Lock()
        self.delivered = []  # messages answered with 250
        self.stalled = []  # messages read but never answered
        self.changed = threading.Condition(self._lock)
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.server.stub = self
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def take_stall(self):
        with self._lock:
            if self._stall:
                self._stall -= 1
                return True
            return False

    def record(self, messages, data):
        with self.changed:
            messages.append(email.message_from_bytes(data))
            self.changed.notify_all()

    def wait_for(self, condition, timeout):
        with self.changed:
            return self.changed.wait_for(condition, timeout)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self.server.shutdown()
        self.server.server_close()
