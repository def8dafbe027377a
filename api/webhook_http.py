"""Sending one webhook request: the signature, the address check (SSRF) and the POST.

Signature (README "Webhooks"): every request carries
    Webhook-Id:        the event's id (the same on every attempt and resend)
    Webhook-Timestamp: the attempt's Unix time, in seconds
    Webhook-Signature: v1=<hex HMAC-SHA256 of "<timestamp>.<body>" under the endpoint's secret>
A receiver recomputes the HMAC over the raw body, compares in constant time, refuses a
timestamp more than 5 minutes from its clock (a replayed request), and ignores an id
it has already processed (a retry or a resend).

Addresses: the host is resolved when sending, each address must be public (no private,
loopback, link-local, multicast or reserved address: the site must not be a proxy into
its own network), and the request goes to the address that was checked (so a second
DNS answer can't swap in another one); TLS still verifies the certificate for the name.
WEBHOOK_ALLOW_LOOPBACK lets development and tests use 127.0.0.1 / ::1.
"""

import hashlib
import hmac
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import urllib3
from django.conf import settings

SIGNATURE_VERSION = "v1"
TOLERANCE_SECONDS = 300
MAX_RESPONSE_BYTES = 1024


class RefusedAddress(Exception):
    """The URL's host is (or resolves to) an address webhooks may not reach."""


def sign(secret, timestamp, body):
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"{SIGNATURE_VERSION}={mac.hexdigest()}"


def verify(secret, headers, body, *, now=None, tolerance=TOLERANCE_SECONDS):
    """What a receiver does (and our tests do): True when the signature is ours and fresh."""
    try:
        timestamp = int(headers["Webhook-Timestamp"])
    except (KeyError, ValueError):
        return False
    now = time.time() if now is None else now
    if abs(now - timestamp) > tolerance:
        return False
    expected = sign(secret, timestamp, body)
    given = headers.get("Webhook-Signature", "").split(" ")
    return any(hmac.compare_digest(expected, candidate) for candidate in given)


def _allowed(address):
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return settings.WEBHOOK_ALLOW_LOOPBACK
    return ip.is_global and not ip.is_multicast


def check_literal_host(url):
    """At registration: refuse a URL whose host is an address (or a name) we would never
    reach. Names are resolved only when sending (they may change)."""
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        if not settings.WEBHOOK_ALLOW_LOOPBACK:
            raise RefusedAddress("Webhooks can't be sent to this machine.")
        return
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return
    if not _allowed(host):
        raise RefusedAddress("Webhooks can't be sent to private, loopback or link-local addresses.")


def resolve_public(host, port):
    """The first address of `host` once every address it resolves to is allowed."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise RefusedAddress(f"Can't resolve {host}: {error}") from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise RefusedAddress(f"{host} has no address.")
    for address in addresses:
        if not _allowed(address):
            raise RefusedAddress(f"{host} resolves to {address}, which webhooks may not reach.")
    return addresses[0]


@dataclass
class SendResult:
    status_code: int | None
    error: str
    duration_ms: int

    @property
    def ok(self):
        return self.status_code is not None and 200 <= self.status_code < 300


def post(url, body, headers):
    """POST `body` to `url` (at a checked address), no redirects, short timeouts."""
    parts = urlsplit(url)
    started = time.monotonic()

    def result(status_code=None, error=""):
        return SendResult(status_code, error[:500], int((time.monotonic() - started) * 1000))

    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        address = resolve_public(parts.hostname, port)
    except RefusedAddress as error:
        return result(error=f"Refused: {error}")
    timeout = urllib3.Timeout(connect=settings.WEBHOOK_CONNECT_TIMEOUT, read=settings.WEBHOOK_READ_TIMEOUT)
    options = {"timeout": timeout, "retries": False, "maxsize": 1}
    if parts.scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            address,
            port,
            server_hostname=parts.hostname,
            assert_hostname=parts.hostname,
            ssl_context=ssl.create_default_context(),
            **options,
        )
    else:
        pool = urllib3.HTTPConnectionPool(address, port, **options)
    path = parts.path or "/"
    if parts.query:
        path += f"?{parts.query}"
    host_header = parts.netloc.rpartition("@")[2]
    try:
        response = pool.urlopen(
            "POST",
            path,
            body=body,
            headers={**headers, "Host": host_header},
            redirect=False,
            preload_content=False,
        )
        response.read(MAX_RESPONSE_BYTES)  # the receiver's answer beyond its status is not ours to keep
        response.release_conn()
        return result(status_code=response.status)
    except (urllib3.exceptions.HTTPError, OSError) as error:
        return result(error=f"{type(error).__name__}: {error}")
    finally:
        pool.close()
