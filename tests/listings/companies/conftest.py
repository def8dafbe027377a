"""Fixtures of the company tests: employers with and without a company."""

import pytest

from tests.factories import CompanyFactory, UserFactory, employer_of


@pytest.fixture
def employer():
    """A verified employer without a company."""
    return UserFactory(employer=True)


@pytest.fixture
def member():
    """A verified employer, admin of their company (Acme Backend)."""
    return employer_of(CompanyFactory(name="Acme Backend"))
