from .keys import ApiKey, ApiKeyQuerySet, ApiKeyUse
from .webhooks import (
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
    WebhookEventType,
)

__all__ = [
    "ApiKey",
    "ApiKeyQuerySet",
    "ApiKeyUse",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookEvent",
    "WebhookEventType",
]
