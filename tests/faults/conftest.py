"""Fault tests: the site through Redis, worker and database faults, and under
concurrent use. Every test in this folder carries the `faults` marker
(`make test-faults` runs only them; `make test`, hence CI, runs them too)."""

import pytest


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/faults/" in str(item.fspath):
            item.add_marker(pytest.mark.faults)
