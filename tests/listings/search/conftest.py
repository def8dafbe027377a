"""Fixtures of the search tests: a role page."""

import pytest

from tests.factories import RoleFactory


@pytest.fixture
def role():
    return RoleFactory(
        name="Python Backend Developer",
        intro="## The work\n\nAPIs and queues. <script>alert(1)</script>\n\nEntry-level candidates welcome.",
        seo_title="Python Backend Developer jobs with salaries",
        seo_description="Remote and on-site Python backend developer jobs.",
        skills=["django", "fastapi"],
    )
