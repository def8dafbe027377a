"""The Celery app, and how tasks are published without making a web request wait.

A task enqueued from a web request (after the commit, outside any worker) is
published with short socket timeouts (REDIS_TIMEOUT), no retries, and a circuit
breaker: with the broker down or stalled the publish gives up within about
REDIS_TIMEOUT, later publishes of the process skip the broker for REDIS_RETRY_AFTER
seconds, and the failure is logged once per outage. `.delay()` then returns None
instead of raising, so a broker outage never turns a request into a 500, even from
a non-robust `delay_on_commit`.

That is safe only because every task enqueued from a request has a recovery that
does not depend on the enqueue: the outbox sweep re-enqueues pending emails,
`jobs_screen_missed_task` screens pending jobs nobody screened, and the nightly
matching run recomputes what changed. A new task enqueued from a request needs one too.

Publishes from inside a worker (retries, the sweeps, the nightly fan-out), from beat
(which passes its own producer) and in eager mode keep Celery's usual behaviour:
CELERY_TASK_PUBLISH_RETRY_POLICY and the broker's transport timeouts, and errors raise.
The worker's consuming connection keeps its own, longer, socket timeout.
"""

import os
import threading
import weakref

from celery import Celery
from celery.contrib.django.task import DjangoTask
from celery.signals import worker_process_init
from kombu.exceptions import ChannelError, LimitExceeded, OperationalError
from kombu.exceptions import ConnectionError as KombuConnectionError
from kombu.pools import ProducerPool
from redis.exceptions import RedisError

from .breaker import CircuitBreaker

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobportal.settings")

# What a broken or stalled broker raises while publishing. Encoding errors (a task
# argument that is not JSON) are bugs and still raise.
BROKER_ERRORS = (OperationalError, LimitExceeded, KombuConnectionError, ChannelError, RedisError, OSError)


class Publisher:
    """Publishes for callers that must not wait: short timeouts, no retries, a breaker."""

    def __init__(self, app):
        self.app = app
        self.breaker = CircuitBreaker("Celery broker (publishing from web requests)", retry_after=5)
        self._producers = None
        self._url = None
        self._lock = threading.Lock()
        _publishers.add(self)

    def _producer_pool(self):
        """The pool for the configured broker (a new one, and a closed breaker, if the
        broker URL changed: tests point the app at another broker)."""
        from django.conf import settings

        url = self.app.conf.broker_write_url
        stale = None
        with self._lock:
            if self._producers is None or url != self._url:
                stale, self._url = self._producers, url
                self.breaker.reset()
                self.breaker.retry_after = settings.REDIS_RETRY_AFTER
                timeout = settings.REDIS_TIMEOUT
                connection = self.app.connection_for_write(
                    url,
                    connect_timeout=timeout,
                    transport_options={
                        "socket_timeout": timeout,
                        "socket_connect_timeout": timeout,
                        # kombu retries connecting until connect_timeout by default.
                        "max_retries": 0,
                    },
                )
                limit = self.app.conf.broker_pool_limit
                self._producers = ProducerPool(connection.Pool(limit=limit), limit=limit)
            producers = self._producers
        if stale is not None:
            stale.force_close_all()
        return producers

    def publish(self, send):
        """`send(producer)`'s result, or None when the broker failed or is skipped."""
        from django.conf import settings

        producers = self._producer_pool()
        if not self.breaker.allow():
            return None
        try:
            with producers.acquire(block=True, timeout=settings.REDIS_TIMEOUT) as producer:
                result = send(producer)
        except BROKER_ERRORS as exc:
            self.breaker.failure(exc)
            return None
        self.breaker.success()
        return result

    def reset(self):
        """Forget connections and breaker state."""
        with self._lock:
            producers, self._producers = self._producers, None
        if producers is not None:
            producers.force_close_all()
        self.breaker.reset()

    def _after_fork(self):
        # The child must not use (or shut down) the parent's sockets.
        self._producers = None
        self._lock = threading.Lock()


_publishers = weakref.WeakSet()


def _after_fork_in_child():
    for publisher in list(_publishers):
        publisher._after_fork()


os.register_at_fork(after_in_child=_after_fork_in_child)


class ResilientTask(DjangoTask):
    """Our tasks: published without waiting when enqueued from a web request."""

    def apply_async(
        self,
        args=None,
        kwargs=None,
        task_id=None,
        producer=None,
        link=None,
        link_error=None,
        shadow=None,
        **options,
    ):
        usual = (
            self.app.conf.task_always_eager
            or producer is not None
            or "connection" in options
            or self.app.current_worker_task is not None
        )
        if usual:
            return super().apply_async(args, kwargs, task_id, producer, link, link_error, shadow, **options)
        return publisher.publish(
            lambda fast_producer: super(ResilientTask, self).apply_async(
                args, kwargs, task_id, fast_producer, link, link_error, shadow, retry=False, **options
            )
        )


app = Celery("jobportal", task_cls=ResilientTask)
# Every Celery option lives in Django settings under the CELERY_ prefix.
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
publisher = Publisher(app)


@worker_process_init.connect
def _limit_worker_statement_time(**kwargs):
    # A statement outliving the task's hard time limit would keep running on the
    # server after the worker process is killed.
    from django.conf import settings

    from jobportal.db import limit_statement_time

    limit_statement_time(settings.WORKER_STATEMENT_TIMEOUT_MS)
