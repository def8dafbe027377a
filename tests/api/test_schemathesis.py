"""Schemathesis, a real external client, fuzzes the API from its own OpenAPI schema
against a live server: every operation, public and employer (with a key of all
scopes), with valid and invalid input. No answer may be a 5xx, and every answer must
conform to the schema (status code, content type, body).

The server is pytest-django's live server on the test database (PostgreSQL in CI).
Two runs with a fixed seed keep it under a minute: the coverage phase (boundary and
invalid values of every parameter) over the reads, and random fuzzing over every
operation, writes included (the coverage phase over the job form's 22 fields alone
would take minutes)."""

import subprocess
import sys
from pathlib import Path

import pytest

from api.services.keys import api_key_create
from insights.services import insights_compute_all
from tests.factories import ApplicationFactory, CompanyFactory, JobFactory, RoleFactory, employer_of

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
RUNS = {
    "coverage of the reads": ["--phases", "coverage", "--include-method", "GET"],
    "fuzzing of every operation": ["--phases", "fuzzing", "--max-examples", "10"],
}


@pytest.fixture
def api_key(transactional_db, settings):
    """Jobs in every state, a role, an application, and a key of the company."""
    import importlib

    from django.apps import apps

    importlib.import_module("listings.migrations.0003_skill_taxonomy").load_skills(apps, None)
    settings.API_RATE_LIMIT_PER_MINUTE = 0  # the fuzzer sends hundreds of requests
    company = CompanyFactory(slug="acme")
    member = employer_of(company)
    job = JobFactory(published=True, company=company, required_skills=["django"], nice_skills=["docker"])
    JobFactory(published=True, company=company, work_mode="onsite", country="DE")
    JobFactory(closed=True, company=company)
    JobFactory(company=company)
    ApplicationFactory(job=job)
    RoleFactory()
    insights_compute_all()  # the insights answer figures, not only "not computed yet"
    _, key = api_key_create(
        company=company,
        by=member,
        name="fuzzer",
        scopes=["jobs:write", "applications:read", "applications:write"],
    )
    return key


@pytest.mark.parametrize("run", RUNS)
def test_the_api_answers_generated_requests_without_5xx_and_as_its_schema_says(
    live_server, api_key, tmp_path, run
):
    if not SCHEMATHESIS.exists():
        pytest.fail(f"{SCHEMATHESIS} is missing: pip install -r requirements-dev.txt")
    command = [
        str(SCHEMATHESIS),
        "run",
        f"{live_server.url}/api/schema/",
        "--url",
        live_server.url,
        "--checks",
        CHECKS,
        "--seed",
        "20261201",
        # One at a time: the SQLite test database has one writer (PostgreSQL doesn't mind).
        "--workers",
        "1",
        "--header",
        f"Authorization: Bearer {api_key}",
        "--request-timeout",
        "20",
        "--max-failures",
        "10",
        "--no-color",
        *RUNS[run],
    ]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False)

    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-20000:]
    assert " passed" in output
