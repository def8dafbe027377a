"""The pages people judge a job board by, under load, beside a floor: `make bench`.

    make bench                      # 100,000 published jobs
    make bench JOBS=1000000         # a million
    .venv/bin/python bench/load.py --jobs 100000 --duration 10 --pages list,search

1. A PostgreSQL database `jobportal_bench_<N>` on the server of DATABASE_URL (default
   the local one) is seeded with N jobs by bench/seed.py, unless an earlier run left it
   seeded, then VACUUM ANALYZE (autovacuum may be off; dead rows from the seed would
   double the cost of every search).
2. gunicorn serves the site with production settings (DEBUG off, 2 sync workers, the
   static files collected) and BENCH_FLOOR on, which adds /bench/floor/: a bare view that
   renders 20 jobs through a minimal template, the most a Django page can do here.
3. Each page runs `wrk -t2 -c16` for --duration seconds, and the floor right after it,
   so the two share the machine's state. Per page: requests per second, latency p50/p95/
   p99, its share of the floor's throughput, the SQL queries and the gzipped size of one
   response (through Django's test client), and the CPU time per request of the gunicorn
   workers and of PostgreSQL, read from /proc (steadier than wall time on a busy machine).

wrk comes from Debian (installed with apt-get if missing). Figures: bench/README.md.
"""

import argparse
import gzip
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
"""


def pages(job_path, company_path):
    """(name, path, extra headers) of every page measured."""
    return [
        ("home", "/", {}),
        ("list", "/jobs/", {}),
        ("list page 50", "/jobs/?page=50", {}),
        ("search", "/jobs/?q=django", {}),
        ("search two words", "/jobs/?q=django+postgres", {}),
        ("search + 3 filters", "/jobs/?q=django&level=senior&work_mode=remote&salary=80000", {}),
        ("search htmx fragment", "/jobs/?q=django", {"HX-Request": "true"}),
        ("role page", "/jobs/python-backend-developer/", {}),
        ("job page", job_path, {}),
        ("company page", company_path, {}),
        ("search feed", "/jobs/feed/?q=django", {}),
        ("sitemap.xml", "/sitemap.xml", {}),
        ("sitemap jobs", "/sitemap-jobs.xml", {}),
    ]


FLOOR = ("floor", "/bench/floor/", {})


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--jobs", type=int, default=100_000)
    parser.add_argument(
        "--duration", type=int, default=10, help="Seconds of load per page (and per floor run)."
    )
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument(
        "--pages", default="", help="Comma-separated names (or parts of names) to run only those."
    )
    parser.add_argument(
        "--modes",
        default="no page cache,page cache warm",
        help="Comma-separated: 'no page cache' and/or 'page cache warm'; empty: one user only.",
    )
    args = parser.parse_args()

    server = urlsplit(os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/jobportal")
    if server.scheme not in ("postgres", "postgresql", "pgsql"):
        sys.exit("DATABASE_URL must name a PostgreSQL server (the benchmark makes its own database there).")
    name = f"jobportal_bench_{args.jobs}"
    database_url = urlunsplit(server._replace(scheme="postgres", path=f"/{name}"))
    ensure_wrk()
    ensure_seeded(database_url, args.jobs)

    os.environ["DATABASE_URL"] = database_url
    os.environ["BENCH_FLOOR"] = "True"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobportal.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()  # lets the test client in (ALLOWED_HOSTS)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        cursor.execute("SHOW server_version")
        pg_version = cursor.fetchone()[0]
        cursor.execute("SHOW data_directory")
        data_directory = cursor.fetchone()[0]
    # The one-user figures on the web's connection settings (planner, no parallel workers).
    from jobportal.db import limit_web_statement_time

    connection.close()
    limit_web_statement_time()
    job_path, company_path = sample_paths()
    chosen = [page for page in pages(job_path, company_path) if wanted(page[0], args.pages)]

    print("== Load benchmark ==")
    print(
        f"machine      {os.cpu_count()} CPUs, {platform.machine()}, {platform.system()} {platform.release()}"
    )
    print(
        f"software     Python {platform.python_version()}, Django {django.get_version()}, "
        f"PostgreSQL {pg_version}"
    )
    print(f"data         {args.jobs:,} published jobs ({name})")
    print(
        f"load         wrk -t2 -c{args.connections} -d{args.duration}s; gunicorn {args.workers} sync workers"
    )
    print(f"load average {' / '.join(f'{load:.2f}' for load in os.getloadavg())} (1/5/15 min, before)")
    print()
    print("One user, in process, no page cache (20 requests each): SQL queries, SQL time p95, size")
    singles = {page[0]: one_user(page) for page in [*chosen, FLOOR]}
    for page_name, figures in singles.items():
        print(
            f"  {page_name:<22}{figures['queries']:>3} queries  SQL p95 {figures['sql_p95']:6.1f} ms  "
            f"{figures['gzipped'] / 1024:6.1f} KB gzipped"
        )
    print()
    postmaster = int(Path(data_directory, "postmaster.pid").read_text().split()[0])
    modes = {"no page cache": "0", "page cache warm": "300"}
    for mode in filter(None, (mode.strip() for mode in args.modes.split(","))):
        with (
            tempfile.TemporaryDirectory(prefix="bench-") as tmp,
            gunicorn(database_url, Path(tmp), args.workers, page_cache_seconds=modes[mode]) as site,
        ):
            probe = CpuProbe(site.pid, postmaster, name, database_url)
            print(f"-- {mode} --")
            load_table(site, chosen, args, probe)
            rss = ", ".join(f"{size:.0f} MB" for size in site.worker_rss())
            print(f"gunicorn workers' RSS after the run: {rss}")
            print()
    print(f"load average {' / '.join(f'{load:.2f}' for load in os.getloadavg())} (1/5/15 min, after)")


def load_table(site, chosen, args, probe):
    header = (
        f"{'page':<22}{'req/s':>8}{'floor':>8}{'share':>7}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}"
        f"{'app ms':>8}{'pg ms':>8}{'cpu ms':>8}{'floor':>7}{'x':>6}{'errors':>7}"
    )
    print(header)
    print("-" * len(header))
    for page in chosen:
        measured = run_load(site.url, page, args, probe)
        floor = run_load(site.url, FLOOR, args, probe)
        share = measured["rps"] / floor["rps"] * 100 if floor["rps"] else 0
        # The CPU per request beside the floor's, and their ratio: on a slower or busier
        # machine both grow, the ratio much less.
        cpu, floor_cpu = measured["app_ms"] + measured["pg_ms"], floor["app_ms"] + floor["pg_ms"]
        print(
            f"{page[0]:<22}{measured['rps']:>8.1f}{floor['rps']:>8.1f}{share:>6.1f}%"
            f"{measured['p50']:>8.1f}{measured['p95']:>8.1f}{measured['p99']:>8.1f}"
            f"{measured['app_ms']:>8.1f}{measured['pg_ms']:>8.1f}{cpu:>8.1f}"
            f"{floor_cpu:>7.1f}{cpu / floor_cpu if floor_cpu else 0:>6.1f}{measured['errors']:>7}",
            flush=True,
        )


def wanted(name, selection):
    return not selection or any(part.strip() and part.strip() in name for part in selection.split(","))


# --- The database --------------------------------------------------------------------


def ensure_seeded(database_url, jobs):
    """Seed the benchmark database with bench/seed.py unless it already holds `jobs` jobs."""
    import psycopg

    parts = urlsplit(database_url)
    name = unquote(parts.path.lstrip("/"))
    try:
        with psycopg.connect(urlunsplit(parts._replace(scheme="postgresql"))) as conn:
            seeded = conn.execute("SELECT count(*) FROM listings_job WHERE status = 'published'").fetchone()[
                0
            ]
        if seeded >= jobs:
            print(f"Using {name}: already seeded ({seeded:,} published jobs).")
            migrate(database_url)
            return
    except psycopg.Error:
        pass
    print(f"Seeding {name} with {jobs:,} jobs (bench/seed.py; once, kept for later runs)...", flush=True)
    env = {**os.environ, "DATABASE_URL": database_url}
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "seed.py"), "--jobs", str(jobs), "--keep", "--no-search"],
        env=env,
        check=True,
    )


def migrate(database_url):
    env = {**os.environ, "DATABASE_URL": database_url}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)


def sample_paths():
    """A job page and a company page that exist (the newest job, and its company)."""
    from listings.models import Job

    job = Job.objects.open().select_related("company").order_by("-published_at").first()
    return job.get_absolute_url(), job.company.get_absolute_url()


def one_user(page, requests=20):
    """One visitor after another, in process and without the page cache: the page's
    SQL queries, the p95 of its SQL time (the database's share of one request), and
    its gzipped size."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE_SECONDS = settings.SITEMAP_CACHE_SECONDS = 0
    _name, path, headers = page
    client = Client()
    client.get(path, headers=headers)  # warm: the skill taxonomy, templates, the panel
    sql_times = []
    for _ in range(requests):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, headers=headers)
        sql_times.append(sum(float(query["time"]) for query in queries) * 1000)
    body = response.getvalue() if response.streaming else response.content
    sql_times.sort()
    return {
        "queries": len(queries),
        "sql_p95": sql_times[int(len(sql_times) * 0.95) - 1],
        "gzipped": len(gzip.compress(body)),
    }


# --- The server and the load ---------------------------------------------------------


class Site:
    def __init__(self, process, url):
        self.process, self.url = process, url

    @property
    def pid(self):
        return self.process.pid

    def worker_pids(self):
        return children_of(self.process.pid)

    def worker_rss(self):
        sizes = []
        for pid in self.worker_pids():
            status = Path(f"/proc/{pid}/status").read_text()
            sizes.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)
        return sizes


class gunicorn:
    def __init__(self, database_url, tmp, workers, *, page_cache_seconds):
        self.database_url, self.tmp, self.workers = database_url, tmp, workers
        self.page_cache_seconds = page_cache_seconds

    def __enter__(self):
        port = free_port()
        env = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "DEBUG": "False",
            "SECRET_KEY": "bench-" + "k" * 50,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "False",
            "SESSION_COOKIE_SECURE": "False",
            "CSRF_COOKIE_SECURE": "False",
            "STATIC_ROOT": str(self.tmp / "static"),
            "BENCH_FLOOR": "True",
            "LOG_LEVEL": "WARNING",
            "PAGE_CACHE_SECONDS": self.page_cache_seconds,
            "SITEMAP_CACHE_SECONDS": self.page_cache_seconds,
        }
        env.pop("REDIS_URL", None)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
        )
        self.log = open(self.tmp / "gunicorn.log", "wb")
        command = [
            str(Path(sys.executable).with_name("gunicorn")),
            "jobportal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(self.workers),
        ]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        wait_for(url, self.process)
        return Site(self.process, url)

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def run_load(url, page, args, probe):
    """wrk against one page; its figures, with the CPU spent per request."""
    _name, path, headers = page
    script = Path(tempfile.gettempdir()) / "bench-wrk.lua"
    script.write_text(WRK_SCRIPT)
    command = ["wrk", "-t2", f"-c{args.connections}", "--timeout", "30s", "-s", str(script)]
    for header, value in headers.items():
        command += ["-H", f"{header}: {value}"]
    warm_up(url + path, headers)
    before = probe.read()
    output = subprocess.run(
        [*command, f"-d{args.duration}s", url + path], check=True, capture_output=True, text=True
    ).stdout
    after = probe.read()
    # Requests wrk left queued are still served after it stops; let them finish before
    # the next run, so they count against nobody.
    probe.wait_until_idle()
    requests, duration_us, p50, p95, p99, errors = (int(v) for v in output.split("RESULT")[1].split())
    app_seconds, pg_seconds = (after[0] - before[0]), (after[1] - before[1])
    return {
        "rps": requests / (duration_us / 1e6),
        "p50": p50 / 1000,
        "p95": p95 / 1000,
        "p99": p99 / 1000,
        "errors": errors,
        "app_ms": app_seconds / max(requests, 1) * 1000,
        "pg_ms": pg_seconds / max(requests, 1) * 1000,
    }


def warm_up(url, headers):
    """One request, so caches and connections are warm; no queue left behind."""
    import urllib.request

    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=120) as response:
        response.read()


class CpuProbe:
    """CPU seconds so far of the gunicorn workers, and of PostgreSQL for the benchmark
    database: its live backends plus what the postmaster collected from exited ones
    (parallel query workers come and go)."""

    def __init__(self, gunicorn_pid, postmaster_pid, database, database_url):
        import psycopg

        self.gunicorn_pid, self.postmaster_pid, self.database = gunicorn_pid, postmaster_pid, database
        parts = urlsplit(database_url)
        self.admin = psycopg.connect(
            urlunsplit(parts._replace(scheme="postgresql", path="/postgres")), autocommit=True
        )

    def read(self):
        app = sum(cpu_seconds(pid) for pid in children_of(self.gunicorn_pid))
        backends = [
            pid
            for (pid,) in self.admin.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s", [self.database]
            ).fetchall()
        ]
        database = sum(cpu_seconds(pid) for pid in backends) + cpu_seconds(self.postmaster_pid, children=True)
        return app, database

    def wait_until_idle(self, quiet=0.3, timeout=120):
        """Until the gunicorn workers used (almost) no CPU for `quiet` seconds."""
        deadline = time.monotonic() + timeout
        last = self.read()[0]
        while time.monotonic() < deadline:
            time.sleep(quiet)
            now = self.read()[0]
            if now - last < quiet * 0.05:
                return
            last = now


def cpu_seconds(pid, children=False):
    """utime + stime (or, with children, cutime + cstime: exited, waited-for children)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    start = 13 if children else 11  # fields 16-17 or 14-15 of proc(5), after pid and comm
    return (int(fields[start]) + int(fields[start + 1])) / CLOCK_TICKS


def children_of(pid):
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        if int(fields[1]) == pid:
            pids.append(int(stat.parent.name))
    return pids


def ensure_wrk():
    if shutil.which("wrk"):
        return
    print("Installing wrk (Debian package)...", flush=True)
    apt = ["apt-get", "install", "-y", "-q", "wrk"]
    if subprocess.run(apt, capture_output=True).returncode != 0:
        subprocess.run(["apt-get", "update", "-q"], check=True, capture_output=True)
        subprocess.run(apt, check=True, capture_output=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, process, timeout=60):
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    sys.exit("gunicorn did not answer in time")


if __name__ == "__main__":
    main()
