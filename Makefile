# Two commands do everything on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
WEB_CONCURRENCY ?= 3

# The first Python >= 3.12 found: $PYTHON, versioned names on PATH, then pyenv's
# installs (the bare pyenv shims fail unless PYENV_VERSION is set, so they are
# tried and skipped like any other candidate).
define FIND_PYTHON
for p in $${PYTHON:-} python3.14 python3.13 python3.12 python3 \
    $$(ls -d "$$(pyenv root 2>/dev/null || echo "$$HOME/.pyenv")"/versions/3.*/bin/python3 2>/dev/null | sort -rV) \
    /usr/local/bin/python3.13 /usr/local/bin/python3.12 /usr/bin/python3.13 /usr/bin/python3.12; do \
  [ -n "$$p" ] || continue; \
  if "$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then echo "$$p"; break; fi; \
done
endef

.PHONY: help install run test test-faults bench lint fmt serve worker beat migrate seed clean screenshots

help:
	@echo "make run     - install, migrate, load demo data, serve on http://$(HOST):$(PORT)/ (PORT=8001 for another)"
	@echo "make test    - run the whole test suite"
	@echo "make test-faults - only the fault tests (tests/faults/)"
	@echo "make bench   - load benchmark at JOBS=100000 published jobs (PostgreSQL, gunicorn, wrk)"
	@echo "make lint    - ruff check + ruff format --check"
	@echo "make screenshots - the README's pictures (docs/screenshots/) from the demo data, with Debian's Chromium"
	@echo "make serve   - production-style: gunicorn + Celery worker + beat (env-configured services)"
	@echo "make worker  - a Celery worker"

$(PY):
	@python="$$($(FIND_PYTHON))"; \
	if [ -z "$$python" ]; then echo "No Python >= 3.12 found. Install one, or run: make PYTHON=/path/to/python3.12" >&2; exit 1; fi; \
	echo "Creating $(VENV) with $$python ($$("$$python" --version))"; \
	"$$python" -m venv $(VENV)

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(PY)
	@$(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' || { echo "$(VENV) is older than Python 3.12: remove it and retry" >&2; exit 1; }
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installed

migrate: install
	$(MANAGE) migrate --noinput

seed: migrate
	$(MANAGE) seed_demo

# Links in emails written by tasks (reminders, digests, moderation decisions) point at
# SITE_URL: under `make run`, the address it serves on, unless SITE_URL is set. Its
# prerequisites (migrate, seed) write emails too, so they get it as well.
# 0.0.0.0 and :: mean "every interface": a browser reaches them as 127.0.0.1.
SITE_HOST = $(if $(filter 0.0.0.0 :: [::],$(HOST)),127.0.0.1,$(HOST))
run: export SITE_URL ?= http://$(SITE_HOST):$(PORT)
run: seed
	$(MANAGE) runserver $(HOST):$(PORT)

test: install
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# Only the fault tests (Redis killed or stalled, worker SIGKILL, database faults, concurrency).
test-faults: install
	$(VENV)/bin/pytest -m faults $(PYTEST_ARGS)

# The load benchmark (bench/load.py, figures in bench/README.md): JOBS published jobs on
# PostgreSQL (DATABASE_URL's server, default the local one), gunicorn, wrk.
JOBS ?= 100000
bench: install
	$(PY) bench/load.py --jobs $(JOBS) $(BENCH_ARGS)

# The README's screenshots: the demo data in a throwaway SQLite database, photographed at
# 1280 and 390 px by /usr/bin/chromium (docs/screenshots.py).
screenshots: install
	$(PY) docs/screenshots.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Production-style: services come from DATABASE_URL, REDIS_URL, EMAIL_URL...
serve: migrate
	$(MANAGE) collectstatic --noinput --verbosity 0
	@trap 'kill 0' INT TERM EXIT; \
	$(VENV)/bin/celery -A jobportal worker --loglevel INFO & \
	$(VENV)/bin/celery -A jobportal beat --loglevel INFO --schedule "$${CELERY_BEAT_SCHEDULE_FILE:-celerybeat-schedule}" & \
	$(VENV)/bin/gunicorn jobportal.wsgi --bind $(HOST):$(PORT) --workers $(WEB_CONCURRENCY) --access-logfile - & \
	wait

worker: install
	$(VENV)/bin/celery -A jobportal worker --loglevel INFO

beat: install
	$(VENV)/bin/celery -A jobportal beat --loglevel INFO

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
