"""API keys: create (shown once), revoke, authenticate, record use (reads: last used; writes:
an audit row each)."""

import hashlib
import hmac
import logging
import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError, transaction
from django.db.models import Q
from django.utils import timezone

from api.models import ApiKey, ApiKeyUse
from listings.models import Membership

logger = logging.getLogger(__name__)

KEY_PREFIX = "jpk"
# Writing "last used" on every read would make every API call a write: once a minute is enough.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def _hash(key):
    return hashlib.sha256(key.encode()).hexdigest()


def _require_member(company, user):
    if not Membership.objects.filter(company=company, user=user).exists():
        raise PermissionDenied("Only members of the company can manage its API keys.")


@transaction.atomic
def api_key_create(*, company, by, name, scopes):
    """A new key of the company. Returns (row, key): the key is never stored, so this is
    the only time anyone can see it."""
    _require_member(company, by)
    scopes = [scope for scope in ApiKey.Scope.values if scope in set(scopes)]
    if not scopes:
        raise ValidationError("Pick at least one permission for the key.")
    prefix = secrets.token_hex(6)
    key = f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    row = ApiKey.objects.create(
        company=company,
        name=name.strip()[:100],
        prefix=prefix,
        key_hash=_hash(key),
        scopes=scopes,
        created_by=by,
    )
    return row, key


@transaction.atomic
def api_key_revoke(*, api_key, by):
    """The key stops working at once. Returns False if it was already revoked."""
    _require_member(api_key.company, by)
    return bool(
        ApiKey.objects.filter(pk=api_key.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_by=by
        )
    )


def api_key_authenticate(key):
    """The active key row for this secret (with its company and creator), or None."""
    parts = key.split("_", 2) if isinstance(key, str) else []
    if len(parts) != 3 or parts[0] != KEY_PREFIX:
        return None
    row = ApiKey.objects.active().select_related("company", "created_by").filter(prefix=parts[1]).first()
    if row is None or not hmac.compare_digest(row.key_hash, _hash(key)):
        return None
    return row


def api_key_acting_user(api_key):
    """Who the key acts as: its creator, while they are an active member of its company
    (the services check membership; a key outlives nobody's access)."""
    user = api_key.created_by
    if user is None or not user.is_active:
        return None
    if not Membership.objects.filter(company_id=api_key.company_id, user=user).exists():
        return None
    return user


def api_key_record_use(*, api_key, now=None):
    """Set last_used_at, at most once a minute per key: one small conditional UPDATE."""
    now = now or timezone.now()
    if api_key.last_used_at and now - api_key.last_used_at < LAST_USED_RESOLUTION:
        return False
    try:
        return bool(
            ApiKey.objects.filter(pk=api_key.pk)
            .filter(Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_RESOLUTION))
            .update(last_used_at=now)
        )
    except OperationalError:
        # A locked SQLite file (make run) or a cancelled statement: "last used" is
        # information, not worth failing the request that uses the key.
        logger.warning("Could not record the use of API key %s", api_key.pk, exc_info=True)
        return False


def api_key_use_record(*, api_key, method, path, status_code, object_type="", object_id=None):
    """One write made with the key, and its "last used". The caller runs it inside the
    write's transaction when the write succeeded (the change and its use commit together),
    and after the rollback when it was refused (the use stays, the change does not)."""
    now = timezone.now()
    ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
    return ApiKeyUse.objects.create(
        api_key=api_key,
        method=method[:8],
        path=path[:255],
        object_type=object_type,
        object_id=object_id,
        status_code=status_code,
        created_at=now,
    )
