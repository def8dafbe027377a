"""Fixtures of the saved-search tests."""

import pytest
from django.utils import timezone


@pytest.fixture
def now():
    return timezone.now()
