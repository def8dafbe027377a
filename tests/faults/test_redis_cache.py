"""ResilientRedisCache against a real Redis that is stopped, stalled and restarted."""

import logging
import time

import pytest
from django.core.cache import cache

RETRY_AFTER = 1.0  # site_on_own_redis


def timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def breaker_warnings(caplog):
    return [r for r in caplog.records if r.name == "jobportal.breaker" and r.levelno == logging.WARNING]


def test_with_redis_up_values_live_in_redis(site_on_own_redis):
    cache.set("greeting", "hello", 60)

    assert cache.get("greeting") == "hello"
    assert site_on_own_redis.client(1).keys("*greeting") != []
    assert cache.add("lock", True, 10) is True
    assert cache.add("lock", True, 10) is False
    cache.set("count", 1, 60)
    assert cache.incr("count") == 2
    with pytest.raises(ValueError, match="not found"):
        cache.incr("missing")


def test_with_redis_stopped_the_cache_answers_from_process_memory(site_on_own_redis, caplog):
    site_on_own_redis.stop()

    # No exception: the first call finds Redis down (connection refused, at once),
    # and the process memory cache answers, with the semantics of a cache.
    assert cache.get("anything", "default") == "default"
    assert cache.add("lock", True, 10) is True  # allauth's lock is taken...
    assert cache.add("lock", True, 10) is False  # ...and held
    cache.set("history", [1, 2], 60)
    assert cache.get("history") == [1, 2]
    assert cache.get_many(["history", "nothing"]) == {"history": [1, 2]}
    cache.set("count", 1, 60)
    assert cache.incr("count") == 2
    with pytest.raises(ValueError, match="not found"):
        cache.incr("missing")
    assert cache.delete("lock") is True
    assert cache.has_key("lock") is False
    cache.clear()

    # One warning for the outage, not one per call.
    assert len(breaker_warnings(caplog)) == 1
    assert "unreachable" in breaker_warnings(caplog)[0].getMessage()


def test_with_redis_stalled_only_the_first_call_of_a_window_waits(site_on_own_redis, settings, caplog):
    cache.set("before", "stored in redis", 60)
    site_on_own_redis.pause()

    _, first = timed(lambda: cache.add("lock", True, 10))
    results, rest = timed(lambda: [cache.get("before"), cache.add("lock", True, 10), cache.set("x", 1)])

    assert settings.REDIS_TIMEOUT <= first < settings.REDIS_TIMEOUT + 0.3
    assert rest < 0.05  # the breaker is open: Redis isn't asked
    assert results == [None, False, None]
    # After the window, one call tries Redis again (and waits once more).
    time.sleep(RETRY_AFTER)
    _, again = timed(lambda: cache.get("before"))
    assert again >= settings.REDIS_TIMEOUT
    assert len(breaker_warnings(caplog)) == 1


def test_when_redis_is_back_it_is_used_again_and_outage_values_are_forgotten(site_on_own_redis, caplog):
    caplog.set_level(logging.INFO, logger="jobportal.breaker")
    cache.set("kept", "from before", 60)
    site_on_own_redis.stop()
    cache.set("kept", "written during the outage", 60)
    cache.set("outage-only", "x", 60)
    assert cache.get("kept") == "written during the outage"

    site_on_own_redis.start()  # the append-only file brings back what Redis had
    time.sleep(RETRY_AFTER)

    assert cache.get("kept") == "from before"
    assert cache.get("outage-only") is None
    assert any("answers again" in r.getMessage() for r in caplog.records)


def test_allauth_login_rate_limit_holds_in_process_while_redis_is_down(site_on_own_redis, client, db):
    from django.urls import reverse

    from tests.factories import UserFactory

    UserFactory(email="dev@example.com")
    site_on_own_redis.stop()
    attempt = {"login": "dev@example.com", "password": "wrong-password-1"}

    statuses = [client.post(reverse("account_login"), attempt).status_code for _ in range(6)]

    assert statuses == [200] * 5 + [429]
