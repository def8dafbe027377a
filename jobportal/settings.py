"""Settings for the job portal.

One module for every environment: each production part is switched on by an
environment variable whose default is the embedded development value
(SQLite, eager Celery, local-memory cache, console email).
"""

from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A .env file is optional; real environment variables win over it.
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env", overwrite=False)

DEV_SECRET_KEY = "django-insecure-dev-only-key-do-not-use-in-production"  # noqa: S105

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default=DEV_SECRET_KEY)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

if not DEBUG:
    if SECRET_KEY == DEV_SECRET_KEY:
        raise ImproperlyConfigured("Set SECRET_KEY: the development key is refused when DEBUG is off.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("Set ALLOWED_HOSTS: it may not be empty when DEBUG is off.")

SITE_NAME = env.str("SITE_NAME", default="PyBackend Jobs")
# The address links in emails point at (production: the public one). Unset, they use the
# address of the request that caused the email, or http://127.0.0.1:8000 (jobportal.links).
SITE_URL = env.str("SITE_URL", default="").rstrip("/")

INSTALLED_APPS = [
    "jobportal.apps.JobPortalAdminConfig",  # django.contrib.admin with one "Accounts" section
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_filters",
    "django_countries",
    "allauth",
    "allauth.account",
    # Social sign-in: the provider apps only add code and URLs; a provider is offered
    # only when its keys are set (SOCIALACCOUNT_PROVIDERS below).
    "allauth.socialaccount",
    "allauth.socialaccount.providers.github",
    "allauth.socialaccount.providers.google",
    "accounts",
    "listings",
    "applications",
    "conversations",
    "insights",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # HTML leaves gzipped (a search page: ~75 kB -> ~9 kB). Django's GZipMiddleware pads
    # the compressed body by a random amount against BREACH, and CSRF tokens are masked
    # per response. Static files come precompressed from whitenoise.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Emails written while serving a request link to its address when SITE_URL is unset.
    "jobportal.links.CurrentRequestMiddleware",
    # After authentication (so their pages know who is signed in), in this order:
    # the cache header also covers the 413 page. The body limit answers before any
    # process_view, where CSRF would read the form.
    "jobportal.http_guards.PrivateCacheMiddleware",
    "jobportal.http_guards.RequestBodyLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Last: its process_exception sees the view's database errors first.
    "jobportal.middleware.DatabaseFaultMiddleware",
]

ROOT_URLCONF = "jobportal.urls"
WSGI_APPLICATION = "jobportal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "builtins": ["jobportal.template_filters"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jobportal.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# No ATOMIC_REQUESTS: a page view is a read and needs no transaction (on SQLite a
# transaction around a GET that writes turned concurrent readers into "database is
# locked" errors; on PostgreSQL a connection dropped at commit turned a GET into a
# 500). Every write is a service in transaction.atomic, with its outbox rows.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default serves several people at once: WAL lets readers run
    # beside the one writer; IMMEDIATE takes the write lock when a transaction
    # begins (a deferred one that reads then writes fails at once if another
    # writer went first); the busy timeout makes writers queue instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": env.int("SQLITE_BUSY_TIMEOUT", default=20),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
# PostgreSQL cancels a web request's SQL statement after this many milliseconds
# (the page answers 503); Celery workers get the longer limit. 0 turns it off.
WEB_STATEMENT_TIMEOUT_MS = env.int("WEB_STATEMENT_TIMEOUT_MS", default=5000)
WORKER_STATEMENT_TIMEOUT_MS = env.int("WORKER_STATEMENT_TIMEOUT_MS", default=290_000)
# Parallel query workers per web query: a page's queries are small and bounded, and
# on a busy host extra workers only add CPU per request (bench/README.md). Workers
# and commands keep PostgreSQL's setting.
WEB_PARALLEL_WORKERS = env.int("WEB_PARALLEL_WORKERS", default=0)
# The planner's cost of a random page read on web connections: 1.1 for a database on
# SSDs or in memory. With PostgreSQL's default 4 (spinning disks) a search with filters
# builds bitmaps of tens of thousands of rows instead of reading an index in order
# (bench/README.md). Empty: the server's setting.
_random_page_cost = env.str("WEB_RANDOM_PAGE_COST", default="1.1")
WEB_RANDOM_PAGE_COST = float(_random_page_cost) if _random_page_cost else None
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: Celery broker + results, and the cache -------------------------
REDIS_URL = env.str("REDIS_URL", default="")


def _redis_db_url(url, db):
    """The same Redis server on another database number."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{db}"))


# A web request never waits long on a sick Redis: each cache call and each task
# publish from a request gives up after REDIS_TIMEOUT seconds, without retries, and
# after a failure the process leaves Redis alone for REDIS_RETRY_AFTER seconds (the
# cache answers from process memory, publishes are left to the sweeps); see
# jobportal/cache.py and jobportal/celery.py. Workers keep the longer timeouts below.
REDIS_TIMEOUT = 0.5
REDIS_RETRY_AFTER = 5.0

if REDIS_URL:
    # The cache lives in its own Redis database (broker db + 1) so that
    # clearing the cache never drops queued Celery messages.
    _broker_db = int(urlsplit(REDIS_URL).path.strip("/") or 0)
    CACHES = {
        "default": {
            "BACKEND": "jobportal.cache.ResilientRedisCache",
            "LOCATION": env.str("CACHE_URL", default=_redis_db_url(REDIS_URL, _broker_db + 1)),
            "OPTIONS": {
                "socket_connect_timeout": REDIS_TIMEOUT,
                "socket_timeout": REDIS_TIMEOUT,
                "RETRY_AFTER": REDIS_RETRY_AFTER,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Celery (read from the CELERY_ namespace by jobportal/celery.py) --------
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
# Without a broker, tasks run in-process at .delay() time.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_EXPIRES = 3600
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
# A task is acknowledged after it ran, and redelivered if its worker died.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_TIME_LIMIT = 300
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 3
# These timeouts are for workers, beat and commands; publishes from web requests use
# REDIS_TIMEOUT (jobportal/celery.py). The worker consumes with BRPOP (1 s) and reads
# its reply only once the socket is readable, so socket_timeout only bounds commands
# on a dead connection; kombu's health checks catch half-open ones.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_timeout": 5,
    "socket_connect_timeout": 3,
    # Longer than the hard time limit, so a slow task is not redelivered twice.
    "visibility_timeout": 3600,
}
CELERY_REDIS_SOCKET_TIMEOUT = 5
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 3
# Publishing from a worker (retries, sweeps, the nightly fan-out) retries briefly;
# web requests never retry (jobportal/celery.py).
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_BEAT_SCHEDULE = {
    "email-outbox-sweep": {"task": "accounts.tasks.email_outbox_sweep_task", "schedule": 30.0},
    # Pending jobs whose screening was never enqueued (broker down at submit).
    "jobs-screen-missed": {"task": "listings.tasks.jobs_screen_missed_task", "schedule": 5 * 60.0},
    "jobs-expire-due": {"task": "listings.tasks.jobs_expire_due_task", "schedule": 15 * 60.0},
    "jobs-remind-expiring": {"task": "listings.tasks.jobs_remind_expiring_task", "schedule": 60 * 60.0},
    "saved-searches-send-due": {
        "task": "listings.tasks.saved_searches_send_due_task",
        "schedule": 15 * 60.0,
    },
    # Conversations: the trailing email digests (at most one per thread and recipient
    # every 15 minutes), and any whose task was lost with the broker.
    "conversations-send-due-digests": {
        "task": "conversations.tasks.digests_send_due_task",
        "schedule": 60.0,
    },
    # Webhook deliveries whose enqueue or retry was lost, or whose worker died.
    "webhook-deliveries-sweep": {"task": "api.tasks.webhook_deliveries_sweep_task", "schedule": 30.0},
    # Matching's safety net, at night: prune, and recompute what changed in the last day.
    "matches-refresh-all": {
        "task": "listings.tasks.matches_refresh_all_task",
        "schedule": crontab(hour=3, minute=30),
    },
    # Salary, skill and demand figures of the role pages and /insights/ (insights/).
    "insights-compute": {
        "task": "insights.tasks.insights_compute_task",
        "schedule": crontab(hour=4, minute=0),
    },
}
# Matching upserts its rows in batches of this size (each batch its own transaction).
MATCHING_BATCH_SIZE = env.int("MATCHING_BATCH_SIZE", default=10000)

# Pages for visitors without a session (search, role pages, feeds, home, companies)
# are served from the cache for up to this long (listings/page_cache.py); any change
# they show invalidates them at once. Sitemaps are kept for SITEMAP_CACHE_SECONDS
# whatever changes (crawlers read them every few hours). 0 turns either off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
SITEMAP_CACHE_SECONDS = env.int("SITEMAP_CACHE_SECONDS", default=3600)

# --- JSON API (api/) ----------------------------------------------------------
# Webhooks: a slow receiver holds a worker at most WEBHOOK_SEND_TIME_LIMIT seconds
# (the task's hard limit); a delivery left "sending" by a dead worker is sent again
# WEBHOOK_SENDING_STALE seconds after its claim. Loopback receivers only in development.
WEBHOOK_ALLOW_LOOPBACK = env.bool("WEBHOOK_ALLOW_LOOPBACK", default=DEBUG)
WEBHOOK_CONNECT_TIMEOUT = env.float("WEBHOOK_CONNECT_TIMEOUT", default=3.0)
WEBHOOK_READ_TIMEOUT = env.float("WEBHOOK_READ_TIMEOUT", default=5.0)
WEBHOOK_SEND_TIME_LIMIT = env.int("WEBHOOK_SEND_TIME_LIMIT", default=15)
WEBHOOK_SENDING_STALE = WEBHOOK_SEND_TIME_LIMIT + 30
WEBHOOK_MAX_ATTEMPTS = env.int("WEBHOOK_MAX_ATTEMPTS", default=10)
WEBHOOK_BACKOFF_SECONDS = env.int("WEBHOOK_BACKOFF_SECONDS", default=30)
# Requests per minute and client address to the API (429 with Retry-After past it).
API_RATE_LIMIT_PER_MINUTE = env.int("API_RATE_LIMIT_PER_MINUTE", default=120)
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    # Public endpoints take no credentials; the employer API names its own (api.auth).
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "PyBackend Jobs API",
    "DESCRIPTION": (
        "The job search as data (the same filters and results as /jobs/), the salary and skill "
        "insights of the role pages, and, with an API key, an employer's jobs and applications. "
        "See the README's API guide."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No validator badge: it would send our schema's address to validator.swagger.io.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "JobStatusEnum": "listings.models.Job.Status",
        "ApplicationStatusEnum": "applications.models.Application.Status",
        "GoneStatusEnum": ["closed", "expired"],
        # Our values (employer API) and schema.org's (public API) are two vocabularies.
        "EmploymentTypeEnum": "listings.models.Job.EmploymentType",
        "SchemaOrgEmploymentTypeEnum": ["CONTRACTOR", "FULL_TIME", "INTERN", "PART_TIME", "TEMPORARY"],
    },
}

# bench/load.py only: adds /bench/floor/, the bare page the benchmark compares with.
BENCH_FLOOR = env.bool("BENCH_FLOOR", default=False)

# Job page views are written in batches, at most this often per process.
JOB_VIEWS_FLUSH_SECONDS = env.float("JOB_VIEWS_FLUSH_SECONDS", default=10.0)

# --- Email ----------------------------------------------------------------
# Mail goes through Django 6.1 MAILERS. No EMAIL_URL means the console in
# development and a local MTA (smtp://localhost:25) in production.
_email = env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
_smtp_options = {
    "host": _email.get("EMAIL_HOST"),
    "port": _email.get("EMAIL_PORT"),
    "username": _email.get("EMAIL_HOST_USER"),
    "password": _email.get("EMAIL_HOST_PASSWORD"),
    "use_tls": _email.get("EMAIL_USE_TLS", False),
    "use_ssl": _email.get("EMAIL_USE_SSL", False),
    # Per SMTP command; a send is several commands, bounded as a whole by EMAIL_SEND_TIME_LIMIT.
    "timeout": env.int("EMAIL_TIMEOUT", default=10),
}
_email_backend = _email["EMAIL_BACKEND"]
MAILERS = {
    "default": {
        "BACKEND": _email_backend,
        "OPTIONS": (
            {k: v for k, v in _smtp_options.items() if v not in (None, "")}
            if _email_backend.endswith("smtp.EmailBackend")
            else {}
        ),
    }
}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default=f"{SITE_NAME} <noreply@localhost>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
# How many times the outbox tries one email before it is marked failed.
EMAIL_OUTBOX_MAX_ATTEMPTS = 8
# The hard time limit of one email send (the worker kills the task after it; the soft
# limit, three quarters of it, lets a stuck send fail cleanly first). A row claimed
# ('sending') longer ago than EMAIL_OUTBOX_SENDING_STALE has no live sender left, so
# the sweep (every 30 s) sends it again: a worker killed mid-send delays its email by
# at most 75 + 30 seconds, and no email is sent by two workers at once.
EMAIL_SEND_TIME_LIMIT = env.int("EMAIL_SEND_TIME_LIMIT", default=45)
EMAIL_OUTBOX_SENDING_STALE = EMAIL_SEND_TIME_LIMIT + 30

# --- Auth and accounts (django-allauth) -----------------------------------
AUTH_USER_MODEL = "accounts.User"
# One backend, so a failed login hashes the password once (each listed backend
# checks it): allauth's, which also hashes once for an unknown address. It serves
# the admin login too.
AUTHENTICATION_BACKENDS = ["accounts.auth_backends.AuthenticationBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.RoleSignupForm"
# Hashes the password of a signup for a known address too (no timing difference).
ACCOUNT_FORMS = {"signup": "accounts.signup.SignupForm"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
# Mandatory verification: an unverified account cannot sign in, hence cannot
# apply or post. It is also what lets allauth answer signups for known and
# unknown addresses identically (no account enumeration).
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
ACCOUNT_SESSION_REMEMBER = None
# allauth counts attempts in the cache configured above (Redis in production).
# login_failed: 10 a minute per client address, and 5 in 5 minutes per (address,
# account): the adapter puts the address in the key, so a stranger's failures
# never lock the owner out.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    # Messages on an application (conversations.views), per account: a burst of a few,
    # then a steady conversation's pace.
    "conversation_message": "8/m/user,120/h/user",
}


# --- Social sign-in (allauth.socialaccount): GitHub and Google ----------------
# A provider is offered (buttons, URLs) only when both its keys are set; the apps
# come from here, never from SocialApp rows (accounts/social.py ignores those).
SOCIALACCOUNT_PROVIDERS = {}
_SOCIAL_PROVIDERS = {
    # GitHub: user:email is read-only access to the account's addresses and whether
    # GitHub verified them; the public profile and public repositories need no scope.
    "github": ("GITHUB_CLIENT_ID", "GITHUB_CLIENT_SECRET", ["user:email"]),
    "google": ("GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET", ["profile", "email"]),
}
for _provider, (_id_var, _secret_var, _scope) in _SOCIAL_PROVIDERS.items():
    _client_id = env.str(_id_var, default="")
    _secret = env.str(_secret_var, default="")
    if bool(_client_id) != bool(_secret):
        raise ImproperlyConfigured(f"Set both {_id_var} and {_secret_var}, or neither.")
    if _client_id:
        SOCIALACCOUNT_PROVIDERS[_provider] = {
            "APPS": [{"client_id": _client_id, "secret": _secret}],
            "SCOPE": _scope,
            # PKCE: an authorisation code intercepted on its way back is useless.
            "OAUTH_PKCE_ENABLED": True,
            # Trust only what the provider marks verified, address by address.
            "VERIFIED_EMAIL": False,
        }
SOCIALACCOUNT_ADAPTER = "accounts.social.SocialAccountAdapter"
# The form a new social account fills in: seeker or employer, and which verified
# address to use. Never skipped (the adapter refuses auto signup).
SOCIALACCOUNT_FORMS = {"signup": "accounts.signup.SocialSignupForm"}
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_QUERY_EMAIL = True
# An existing account is signed in (and the provider connected to it) when the
# provider says it verified an address that this account has verified too; see
# SocialAccountAdapter.authenticate_by_email for the rest of the rule.
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
# Starting a sign-in is a POST (a GET only shows a Continue button): no login CSRF.
SOCIALACCOUNT_LOGIN_ON_GET = False
# The GitHub token reads the public profile for "Start my profile from GitHub"; the
# adapter keeps no other provider's token. Deleted with the connection.
SOCIALACCOUNT_STORE_TOKENS = True
# Seconds allauth waits for the provider's token and user endpoints.
SOCIALACCOUNT_REQUESTS_TIMEOUT = 5
# The profile import's calls to the GitHub API: (connect, read) seconds each.
GITHUB_API_TIMEOUT = (3, 5)
# --- Security -------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "jobportal.views.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Load balancers probe over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
# Opt-in: includeSubDomains forces HTTPS on every subdomain of the site's domain
# (including ones other teams run), and preload asks browsers to hard-code it, which
# takes months to undo. Set both only when every subdomain is HTTPS for good.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# The deploy check warns when those two are off; off is a decision, not an oversight.
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto, trust it so that
# request.is_secure() is right and SECURE_SSL_REDIRECT does not loop.
if env.bool("TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Behind proxies, the client's address (for allauth's rate limits) is the entry the
# N-th proxy from us appended to X-Forwarded-For; entries before it are the
# client's word. 0 (direct traffic) uses the connection's address: behind a proxy
# that would be the proxy's, making every limit site-wide. Or name a header a
# trusted proxy sets to the client's address (e.g. X-Real-IP).
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env.str("TRUSTED_CLIENT_IP_HEADER", default="") or None
# A larger body is refused (413) before it is read: the largest upload is a 5 MB
# resume, plus room for the form around it. Keep the proxy's limit (nginx
# client_max_body_size) a little above this, so users get our page.
MAX_REQUEST_BODY_BYTES = env.int("MAX_REQUEST_BODY_BYTES", default=6 * 1024 * 1024)
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}

# --- Internationalisation ---------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static and media -------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Resumes live outside MEDIA_ROOT and have no URL (accounts.storage): they are
# only ever served by views that check who is asking.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private_media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Logging ----------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
