"""A real copy of the site for fault tests: its own database, loaded with the demo
data, served by a separate process as people meet it (`make run`'s runserver on
SQLite, or gunicorn on PostgreSQL), and clients that use it like people do."""

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEMO_PASSWORD = "demo-password-2026"
DEMO_SEEKER = "seeker@example.com"
DEMO_JOBS = 120
JOB_LINK = re.compile(r'href="(/jobs/\d+/[^"/]+/)"')
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def site_env(database_url, tmp_path, **extra):
    """The environment of a copy of the site whose files all live under tmp_path."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "PYTEST_CURRENT_TEST")
    }
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="jobportal.settings",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
        MEDIA_ROOT=str(tmp_path / "media"),
        PRIVATE_MEDIA_ROOT=str(tmp_path / "private_media"),
        STATIC_ROOT=str(tmp_path / "static"),
        **extra,
    )
    return env


def production_env(database_url, tmp_path):
    """DEBUG off, as deployed (minus TLS: the tests speak plain HTTP to it)."""
    return site_env(
        database_url,
        tmp_path,
        PORT=str(free_port()),
        DEBUG="False",
        SECRET_KEY="fault-test-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="False",
        SESSION_COOKIE_SECURE="False",
        CSRF_COOKIE_SECURE="False",
        EMAIL_URL="consolemail://",
    )


def manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        timeout=300,
    )


def seeker_email(n):
    return f"fault-seeker-{n}@example.com"


def load_demo_data(env, seekers=8):
    """Migrate, load the demo data, and add `seekers` verified seeker accounts
    (seeker_email(n), the demo password): people log in to their own accounts."""
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo", "--jobs", str(DEMO_JOBS))
    manage(
        env,
        "shell",
        "-c",
        "from accounts.services import user_create_demo\n"
        f"for n in range({seekers}):\n"
        f"    user_create_demo(email=f'fault-seeker-{{n}}@example.com',"
        f" password='{DEMO_PASSWORD}', role='seeker', full_name=f'Fault Seeker {{n}}')",
    )


def wait_until_serving(url, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"The server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise RuntimeError("The server did not answer in time")


@contextmanager
def serving(env, command, log_path):
    """Run `command` (a server on env's PORT) until the block ends."""
    port = env["PORT"]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}"
            wait_until_serving(url, process)
            yield url
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def runserver(env, log_path):
    """What `make run` serves: Django's threaded development server."""
    command = [sys.executable, "manage.py", "runserver", f"127.0.0.1:{env['PORT']}", "--noreload"]
    return serving(env, command, log_path)


def gunicorn(env, log_path, *, workers=2, threads=4):
    """Production-like: gunicorn workers (wsgi.py, so web statement timeouts apply)."""
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "jobportal.wsgi",
        "--bind",
        f"127.0.0.1:{env['PORT']}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--timeout",
        "60",
    ]
    return serving(env, command, log_path)


class NoRedirects(urllib.request.HTTPRedirectHandler):
    """Record a redirect as the answer it is (a 302 after a good POST), not its target."""

    def redirect_request(self, *args, **kwargs):
        return None


class Visitor:
    """One person's browser: cookies, CSRF token, and every status code seen."""

    def __init__(self, base_url):
        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirects()
        )
        self.statuses = []

    def request(self, path, data=None, files=None):
        request = urllib.request.Request(self.base_url + path)
        body = None
        if files:
            boundary = "----fault-test-boundary"
            body = multipart(boundary, data or {}, files)
            request.add_header("Content-Type", f"multipart/form-data; boundary={boundary}")
        elif data is not None:
            body = urllib.parse.urlencode(data).encode()
        if body is not None:
            request.data = body
            request.add_header("Referer", self.base_url + path)
        try:
            with self.opener.open(request, timeout=60) as response:
                status, text = response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode("utf-8", "replace")
        self.statuses.append((status, "POST" if body is not None else "GET", path))
        return status, text

    def get(self, path):
        return self.request(path)

    def post_form(self, path, data, files=None):
        """GET the form (for its CSRF token), then POST it."""
        _status, page = self.get(path)
        token = CSRF_INPUT.search(page)
        data = {**data, "csrfmiddlewaretoken": token.group(1) if token else ""}
        return self.request(path, data, files)

    def log_in(self, email, password=DEMO_PASSWORD):
        return self.post_form("/accounts/login/", {"login": email, "password": password})

    def server_errors(self):
        return [entry for entry in self.statuses if entry[0] >= 500]


def multipart(boundary, fields, files):
    """A multipart/form-data body: `files` maps a field to (file name, bytes)."""
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, (filename, content) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode()


RESUME_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def job_paths(base_url, pages=5):
    """The page addresses of open jobs, from the first pages of the search."""
    visitor = Visitor(base_url)
    paths = set()
    for page in range(1, pages + 1):
        _status, html = visitor.get(f"/jobs/?sort=newest&page={page}")
        paths.update(JOB_LINK.findall(html))
    assert paths, "the demo data has no jobs"
    return sorted(paths)


def job_id(path):
    return int(path.split("/")[2])


def jobs_taking_applications_here(base_url, paths, count):
    """The first `count` of these jobs whose Apply is on this site (not an external link)."""
    visitor, found = Visitor(base_url), []
    for path in paths:
        _status, html = visitor.get(path)
        if '"directApply":true' in html:  # the JobPosting JSON-LD says so
            found.append(path)
            if len(found) == count:
                return found
    raise AssertionError(f"fewer than {count} demo jobs take applications on the site")
