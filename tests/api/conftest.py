import pytest

from api.services.keys import api_key_create
from tests.factories import CompanyFactory, employer_of

ALL_SCOPES = ["jobs:write", "applications:read", "applications:write"]


@pytest.fixture
def make_key():
    """make_key(company, scopes=[...]) -> (row, key), created by an admin of the company."""

    def make(company, scopes=ALL_SCOPES, by=None):
        if by is None:
            membership = company.memberships.select_related("user").first()
            by = membership.user if membership else employer_of(company)
        return api_key_create(company=company, by=by, name="ATS", scopes=scopes)

    return make


@pytest.fixture
def other_company():
    return CompanyFactory(name="Other Co")


def bearer(key):
    return {"authorization": f"Bearer {key}"}
