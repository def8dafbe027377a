from .keys import ApiKey, ApiKeyQuerySet

__all__ = ["ApiKey", "ApiKeyQuerySet"]
