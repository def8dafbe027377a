"""The API documentation page works in a browser under the site's CSP: Swagger UI from
our own static files, the schema loaded, nothing blocked."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_swagger_ui_lists_the_operations_with_no_csp_violation(page):
    page.goto("/api/docs/")

    expect(page.get_by_text("/api/v1/jobs/", exact=True).first).to_be_visible()
    expect(page.get_by_text("Search open jobs").first).to_be_visible()
    assert page.csp_violations == []
