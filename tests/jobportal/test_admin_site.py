"""The admin index: one "Accounts" section, and English plurals."""

import re

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(staff=True, is_superuser=True))
    return client


def section_titles(html):
    return re.findall(r'<caption>\s*<a [^>]*class="section"[^>]*>([^<]+)</a>', html)


def test_the_admin_index_has_one_accounts_section_with_allauths_models_in_it(superuser_client):
    html = superuser_client.get(reverse("admin:index")).content.decode()

    assert section_titles(html).count("Accounts") == 1
    assert "Social Accounts" not in section_titles(html)
    accounts = html[html.index('class="app-accounts') :]
    accounts = accounts[: accounts.index("</table>")]
    assert "/admin/accounts/user/" in accounts
    assert "/admin/account/emailaddress/" in accounts
    assert "/admin/socialaccount/socialaccount/" in accounts


def test_allauths_own_app_pages_still_answer(superuser_client):
    assert superuser_client.get(reverse("admin:app_list", args=["account"])).status_code == 200
    assert superuser_client.get(reverse("admin:account_emailaddress_changelist")).status_code == 200


def test_job_matches_are_called_job_matches(superuser_client):
    html = superuser_client.get(reverse("admin:index")).content.decode()

    assert "Job matches" in html
    assert "Job matchs" not in html
