"""A real `celery -A jobportal worker` process on the test database, for tests that
kill it. Only on PostgreSQL: a separate process can't see an in-memory SQLite database."""

import os
import signal
import subprocess
from pathlib import Path
from urllib.parse import quote

from django.db import connection

from tests.faults.redis_server import wait_for

ROOT = Path(__file__).resolve().parents[2]


def worker_database_url():
    """The test database, as a URL for a worker process."""
    db = connection.settings_dict
    auth = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class WorkerProcess:
    """`celery worker --pool prefork --concurrency 1` in its own process group."""

    def __init__(self, log, **env):
        self.log = log
        self.env = {**os.environ, "DATABASE_URL": worker_database_url(), **env}
        self.process = None

    def start(self):
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [
                    str(ROOT / ".venv" / "bin" / "celery"),
                    "-A", "jobportal", "worker",
                    "--pool", "prefork", "--concurrency", "1",
                    "--queues", "celery",
                    "--loglevel", "INFO",
                    "--without-gossip", "--without-mingle", "--without-heartbeat",
                ],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, killed as a whole
            )  # fmt: skip
        started = self.log.read_bytes().count(b" ready.")
        assert wait_for(lambda: self.log.read_bytes().count(b" ready.") > started, timeout=30), self.output()
        return self

    def kill(self):
        """SIGKILL the worker and its pool child at once, as the OOM killer or a lost host would."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self):
        for sig, grace in ((signal.SIGTERM, 10), (signal.SIGKILL, 10)):
            if self.process is None or self.process.poll() is not None:
                return
            os.killpg(self.process.pid, sig)
            try:
                self.process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                continue

    def output(self):
        return self.log.read_text(errors="replace")
