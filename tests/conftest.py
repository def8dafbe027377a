import os
from functools import partial

import pytest
from django.core.cache import cache

from insights.templatetags import insights as insights_sections
from jobportal.cache import breakers_reset
from jobportal.celery import app as jobportal_celery_app
from listings import cards
from listings.search import taxonomy as search_taxonomy
from listings.view_counter import pending_views

# Shared assertion helpers get pytest's detailed failure messages too (before any test imports them).
pytest.register_assert_rewrite("tests.assertions")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private_media"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2's deliberate slowness is not what these tests are about.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate-limit counters live in the cache; each test starts with none, and with
    # Redis considered up (a test that stopped it leaves a breaker open for seconds).
    breakers_reset()
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    # Tests change rows directly (not through the services that invalidate the cached
    # pages); tests/listings/search/test_page_cache.py turns it on.
    settings.PAGE_CACHE_SECONDS = 0
    settings.SITEMAP_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _no_cached_cards():
    # Cards (and role pages' insights sections) are kept per process by (id, updated_at):
    # test databases reuse primary keys. The search's skill taxonomy is kept too, and a
    # test's skills are rolled back without a signal.
    cards.clear()
    insights_sections.clear()
    search_taxonomy.forget()
    yield
    cards.clear()
    insights_sections.clear()
    search_taxonomy.forget()


@pytest.fixture(autouse=True)
def _no_pending_job_views():
    # Job views are counted per process and written in batches; a test's views
    # must not be written into the next test's database.
    pending_views.discard()
    yield
    pending_views.discard()


@pytest.fixture(autouse=True)
def _celery_eager():
    """Run tasks in-process so each test sees its emails; queue tests opt out."""
    conf = jobportal_celery_app.conf
    saved = conf.task_always_eager
    conf.task_always_eager = True
    yield
    conf.task_always_eager = saved


# celery.contrib.pytest's worker fixtures run *our* app (tasks, settings) when
# a test asks for `celery_worker`.
@pytest.fixture(scope="session")
def celery_app():
    return jobportal_celery_app


@pytest.fixture(scope="session")
def celery_worker_parameters():
    return {"perform_ping_check": False, "queues": ("celery",)}


@pytest.fixture(scope="session", autouse=True)
def _empty_task_queue():
    """With a real broker, the queue starts and ends each run empty: a message left by
    an earlier run would name rows of another test database."""
    if not os.environ.get("REDIS_URL"):
        yield
        return
    jobportal_celery_app.control.purge()
    yield
    jobportal_celery_app.control.purge()


requires_redis = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="needs REDIS_URL: a real Redis broker (set by .ci/run)"
)


@pytest.fixture
def company():
    """The company of the employer-side tests."""
    from tests.factories import CompanyFactory

    return CompanyFactory(name="Acme Backend")


@pytest.fixture
def staff():
    """A staff account (moderation, admin)."""
    from tests.factories import UserFactory

    return UserFactory(staff=True)


@pytest.fixture
def member(company):
    """A recruiter of `company` (a user; `member_client` is the client logged in as them)."""
    from tests.factories import employer_of

    return employer_of(company, role="recruiter")


# Logged-in clients: `<user fixture>_client` is `client` logged in as that user. A test
# module may define its own `member`, `seeker` or `employer`; the client follows it.


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def seeker_client(client, seeker):
    client.force_login(seeker)
    return client


@pytest.fixture
def employer_client(client, employer):
    client.force_login(employer)
    return client


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """`with on_commit(): ...` runs what the block scheduled for after commit
    (enqueued emails and tasks), as a real commit would."""
    return partial(django_capture_on_commit_callbacks, execute=True)


@pytest.fixture(scope="session")
def provider_server():
    """GitHub and Google on loopback (tests/social_stub.py), for the whole run."""
    from tests.social_stub import ProviderStub

    stub = ProviderStub().start()
    yield stub
    stub.stop()


@pytest.fixture
def providers(provider_server, monkeypatch, settings):
    """Sign in with GitHub and Google configured, their endpoints on the loopback stub
    answering with recorded responses (change them with `providers.answer(...)`)."""
    from tests.social_stub import point_providers_at

    provider_server.reset()
    provider_server.github_defaults()
    provider_server.google_defaults()
    point_providers_at(provider_server, monkeypatch, settings)
    return provider_server
