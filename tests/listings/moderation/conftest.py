"""Fixtures of the moderation tests: moderators, and a staff client for the admin."""

import pytest
from django.contrib.auth.models import Group

from tests.factories import UserFactory


@pytest.fixture
def moderator():
    user = UserFactory(staff=True)
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def staff_client(client):
    staff = UserFactory(staff=True, is_superuser=True)
    client.force_login(staff)
    client.staff = staff
    return client
