"""A redis-server of the test's own (own port, own directory, AOF on) that a test may
stop, restart, kill or stall (SIGSTOP) without touching the shared Redis."""

import os
import shutil
import signal
import socket
import subprocess
import time

import redis


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, timeout=15, every=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return False


class RedisServer:
    binary = shutil.which("redis-server")

    def __init__(self, directory):
        self.directory = directory
        self.directory.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.process = None
        self.paused = False

    def url(self, db=0):
        return f"redis://127.0.0.1:{self.port}/{db}"

    def client(self, db=0):
        return redis.Redis.from_url(self.url(db), socket_timeout=2, socket_connect_timeout=2)

    def start(self):
        """Start (or restart, reloading the append-only file) on the same port."""
        self.process = subprocess.Popen(
            [
                self.binary,
                "--bind", "127.0.0.1",
                "--port", str(self.port),
                "--dir", str(self.directory),
                "--appendonly", "yes",
                "--save", "",
                "--logfile", str(self.directory / "redis.log"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        assert wait_for(self._answers), (self.directory / "redis.log").read_text()

    def _answers(self):
        try:
            return self.client().ping()
        except redis.RedisError:
            return False

    def stop(self):
        """A clean shutdown (SIGTERM): Redis writes the append-only file and exits."""
        self.resume()
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=10)

    def pause(self):
        """Stall Redis: the port still accepts connections, nothing answers."""
        os.kill(self.process.pid, signal.SIGSTOP)
        self.paused = True

    def resume(self):
        if self.paused:
            os.kill(self.process.pid, signal.SIGCONT)
            self.paused = False

    def terminate(self):
        self.resume()
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def queue_is_empty(self, queue="celery"):
        """No message waiting in the Celery queue, and none delivered but unacked."""
        client = self.client()
        return client.llen(queue) == 0 and client.hlen("unacked") == 0
