"""Settings are read from the environment; each case runs in a fresh interpreter."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
PROD_SECRET = "x7Gq2-vL9pR4sT8wY1zA6cE3fH5jK0mN-bD2gJ7kQ9rU4vX8yZ1aC3eF6hL0pS5tW"

DUMP_SETTINGS = """
import json
import django
django.setup()
from django.conf import settings
from jobportal.celery import app
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "db_engine": settings.DATABASES["default"]["ENGINE"],
    "db_name": str(settings.DATABASES["default"]["NAME"]),
    "db_host": settings.DATABASES["default"].get("HOST", ""),
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_location": settings.CACHES["default"].get("LOCATION", ""),
    "broker": app.conf.broker_url,
    "result_backend": app.conf.result_backend,
    "eager": app.conf.task_always_eager,
    "acks_late": app.conf.task_acks_late,
    "reject_on_worker_lost": app.conf.task_reject_on_worker_lost,
    "serializer": app.conf.task_serializer,
    "accept": list(app.conf.accept_content),
    "time_limit": app.conf.task_time_limit,
    "mailer": settings.MAILERS["default"],
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "CSRF_TRUSTED_ORIGINS": settings.CSRF_TRUSTED_ORIGINS,
    "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
    "SECURE_SSL_REDIRECT": settings.SECURE_SSL_REDIRECT,
    "SECURE_HSTS_SECONDS": settings.SECURE_HSTS_SECONDS,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": settings.SECURE_HSTS_INCLUDE_SUBDOMAINS,
    "SECURE_HSTS_PRELOAD": settings.SECURE_HSTS_PRELOAD,
    "trusted_proxy_count": settings.ALLAUTH_TRUSTED_PROXY_COUNT,
    "trusted_client_ip_header": settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER,
    "MAX_REQUEST_BODY_BYTES": settings.MAX_REQUEST_BODY_BYTES,
    "proxy_header": getattr(settings, "SECURE_PROXY_SSL_HEADER", None),
}))
"""


def run_python(args, **env):
    """Run with only the given variables (plus PATH), from the project root."""
    clean_env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "jobportal.settings", **env}
    return subprocess.run(
        [sys.executable, *args], cwd=BASE_DIR, env=clean_env, capture_output=True, text=True, timeout=60
    )


def settings_with(**env):
    result = run_python(["-c", DUMP_SETTINGS], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_no_environment_gives_the_embedded_defaults():
    loaded = settings_with()

    assert loaded["DEBUG"] is True
    assert loaded["db_engine"] == "django.db.backends.sqlite3"
    assert loaded["db_name"] == str(BASE_DIR / "db.sqlite3")
    assert loaded["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert loaded["eager"] is True
    assert loaded["mailer"]["BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert loaded["SESSION_COOKIE_SECURE"] is False
    assert loaded["SECURE_SSL_REDIRECT"] is False


def test_environment_switches_to_production_parts():
    loaded = settings_with(
        DEBUG="False",
        SECRET_KEY=PROD_SECRET,
        ALLOWED_HOSTS="jobs.example.com,www.jobs.example.com",
        CSRF_TRUSTED_ORIGINS="https://jobs.example.com",
        DATABASE_URL="postgres://portal:pw@db.internal:5432/portal",
        REDIS_URL="redis://cache.internal:6379/0",
        EMAIL_URL="smtp+tls://mailer:secret@smtp.example.com:587",
        TRUST_X_FORWARDED_PROTO="True",
    )

    assert loaded["DEBUG"] is False
    assert loaded["db_engine"] == "django.db.backends.postgresql"
    assert (loaded["db_name"], loaded["db_host"]) == ("portal", "db.internal")
    assert loaded["broker"] == "redis://cache.internal:6379/0"
    assert loaded["result_backend"] == "redis://cache.internal:6379/0"
    assert loaded["eager"] is False
    assert loaded["cache"] == "jobportal.cache.ResilientRedisCache"
    assert loaded["cache_location"] == "redis://cache.internal:6379/1"
    assert loaded["mailer"] == {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": "smtp.example.com",
            "port": 587,
            "username": "mailer",
            "password": "secret",
            "use_tls": True,
            "use_ssl": False,
            "timeout": 10,
        },
    }
    assert loaded["ALLOWED_HOSTS"] == ["jobs.example.com", "www.jobs.example.com"]
    assert loaded["CSRF_TRUSTED_ORIGINS"] == ["https://jobs.example.com"]
    assert loaded["SESSION_COOKIE_SECURE"] is True
    assert loaded["SECURE_SSL_REDIRECT"] is True
    assert loaded["SECURE_HSTS_SECONDS"] >= 31536000
    # Both bind more than this site (every subdomain; browsers' built-in lists): opt-in.
    assert loaded["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False
    assert loaded["SECURE_HSTS_PRELOAD"] is False
    assert loaded["proxy_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    # Not set: the connection's address is the client's.
    assert loaded["trusted_proxy_count"] == 0
    assert loaded["trusted_client_ip_header"] is None


def test_hsts_subdomains_and_preload_and_the_proxies_are_switched_by_environment():
    loaded = settings_with(
        DEBUG="False",
        SECRET_KEY=PROD_SECRET,
        ALLOWED_HOSTS="jobs.example.com",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="True",
        SECURE_HSTS_PRELOAD="True",
        TRUSTED_PROXY_COUNT="1",
        TRUSTED_CLIENT_IP_HEADER="X-Real-IP",
        MAX_REQUEST_BODY_BYTES="8000000",
    )

    assert loaded["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert loaded["SECURE_HSTS_PRELOAD"] is True
    assert loaded["trusted_proxy_count"] == 1
    assert loaded["trusted_client_ip_header"] == "X-Real-IP"
    assert loaded["MAX_REQUEST_BODY_BYTES"] == 8000000


def test_celery_is_configured_for_production_reliability():
    loaded = settings_with(REDIS_URL="redis://127.0.0.1:6379/0")

    assert loaded["acks_late"] is True
    assert loaded["reject_on_worker_lost"] is True
    assert loaded["serializer"] == "json"
    assert loaded["accept"] == ["json"]
    assert loaded["time_limit"] == 300


def test_debug_off_refuses_the_development_secret_key():
    result = run_python(["-c", DUMP_SETTINGS], DEBUG="False", ALLOWED_HOSTS="jobs.example.com")

    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_debug_off_refuses_empty_allowed_hosts():
    result = run_python(["-c", DUMP_SETTINGS], DEBUG="False", SECRET_KEY=PROD_SECRET)

    assert result.returncode != 0
    assert "Set ALLOWED_HOSTS" in result.stderr


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"EMAIL_URL": "smtp+ssl://u:p@smtp.example.com:465"},
        {"SECURE_HSTS_INCLUDE_SUBDOMAINS": "True", "SECURE_HSTS_PRELOAD": "True"},
    ],
)
def test_deploy_check_passes_in_production_mode(extra):
    result = run_python(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DEBUG="False",
        SECRET_KEY=PROD_SECRET,
        ALLOWED_HOSTS="jobs.example.com",
        SITE_URL="https://jobs.example.com",
        **extra,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_catches_a_console_mailer_in_production():
    result = run_python(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DEBUG="False",
        SECRET_KEY=PROD_SECRET,
        ALLOWED_HOSTS="jobs.example.com",
        SITE_URL="https://jobs.example.com",
        EMAIL_URL="consolemail://",
    )

    assert result.returncode != 0
    assert "mail.E001" in result.stderr


def test_deploy_check_asks_for_site_url_in_production():
    result = run_python(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DEBUG="False",
        SECRET_KEY=PROD_SECRET,
        ALLOWED_HOSTS="jobs.example.com",
    )

    assert result.returncode != 0
    assert "jobportal.W001" in result.stderr


SQLITE_PRAGMAS = """
import json
import django
django.setup()
from django.db import connection
with connection.cursor() as cursor:
    pragmas = {name: cursor.execute(f"PRAGMA {name}").fetchone()[0]
               for name in ("journal_mode", "synchronous", "busy_timeout")}
print(json.dumps({**pragmas, "transaction_mode": connection.transaction_mode}))
"""


def test_the_embedded_sqlite_lets_readers_and_writers_share_it(tmp_path):
    """WAL (readers beside the writer), IMMEDIATE transactions (the write lock taken
    up front, so no reader-turned-writer fails), a busy timeout (writers queue)."""
    result = run_python(["-c", SQLITE_PRAGMAS], DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "journal_mode": "wal",
        "synchronous": 1,  # NORMAL
        "busy_timeout": 20000,
        "transaction_mode": "IMMEDIATE",
    }
