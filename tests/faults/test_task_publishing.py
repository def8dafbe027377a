"""Publishing a task from a web request (outside any worker) with the broker stopped or
stalled: the caller waits at most REDIS_TIMEOUT once per outage window, never raises,
and publishing resumes when Redis is back."""

import logging
import time

from accounts.tasks import email_send_task

RETRY_AFTER = 1.0  # site_on_own_redis


def timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def broker_warnings(caplog):
    return [
        r
        for r in caplog.records
        if r.name == "jobportal.breaker" and r.levelno == logging.WARNING and "broker" in r.getMessage()
    ]


def test_publishing_with_redis_up_queues_the_message(site_on_own_redis):
    result = email_send_task.delay(123)

    assert result is not None
    assert site_on_own_redis.client().llen("celery") == 1


def test_publishing_with_redis_stopped_returns_none_at_once(site_on_own_redis, caplog):
    email_send_task.delay(1)  # a live process: its pool holds a connection
    site_on_own_redis.stop()

    results, elapsed = timed(lambda: [email_send_task.delay(n) for n in range(5)])

    assert results == [None] * 5
    assert elapsed < 0.2
    assert len(broker_warnings(caplog)) == 1


def test_publishing_with_redis_stalled_waits_once_per_window(site_on_own_redis, settings, caplog):
    email_send_task.delay(1)
    site_on_own_redis.pause()

    first, first_took = timed(lambda: email_send_task.delay(2))
    rest, rest_took = timed(lambda: [email_send_task.delay(n) for n in range(3, 8)])

    assert first is None
    assert first_took < settings.REDIS_TIMEOUT + 0.3
    assert rest == [None] * 5
    assert rest_took < 0.05
    assert len(broker_warnings(caplog)) == 1


def test_publishing_resumes_when_redis_answers_again(site_on_own_redis):
    site_on_own_redis.pause()
    assert email_send_task.delay(1) is None
    site_on_own_redis.resume()
    time.sleep(RETRY_AFTER)

    assert email_send_task.delay(2) is not None
    # The message of the timed-out publish may have reached Redis after all; the
    # task is idempotent, and the outbox's claim makes a duplicate send nothing.
    assert site_on_own_redis.client().llen("celery") in (1, 2)


def test_publishing_resumes_after_a_redis_restart(site_on_own_redis):
    assert email_send_task.delay(1) is not None
    site_on_own_redis.stop()
    assert email_send_task.delay(2) is None
    site_on_own_redis.start()
    time.sleep(RETRY_AFTER)

    assert email_send_task.delay(3) is not None
    # The message queued before the stop survived it (append-only file).
    assert site_on_own_redis.client().llen("celery") == 2


def test_a_plain_delay_on_commit_cannot_fail_the_request_either(site_on_own_redis, on_commit, db):
    site_on_own_redis.stop()

    # Not robust=True: before, the broker's error would have reached the view (a 500).
    with on_commit() as callbacks:
        email_send_task.delay_on_commit(1)

    assert len(callbacks) == 1
