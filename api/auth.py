"""The employer API's credentials: `Authorization: Bearer jpk_…` and the scopes a view needs."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions

from api.services.keys import api_key_acting_user, api_key_authenticate, api_key_record_use


class ApiKeyAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Send the key as: Authorization: Bearer <key>.")
        try:
            key = header[1].decode("ascii")
        except UnicodeError:
            raise exceptions.AuthenticationFailed("That is not an API key of this site.") from None
        api_key = api_key_authenticate(key)
        if api_key is None:
            raise exceptions.AuthenticationFailed("Unknown or revoked API key.")
        user = api_key_acting_user(api_key)
        if user is None:
            raise exceptions.AuthenticationFailed(
                "The member who created this key has left the company: create a new key."
            )
        if request.method in permissions.SAFE_METHODS:
            # A write records its use with the write itself (EmployerView), in its transaction.
            api_key_record_use(api_key=api_key)
        return user, api_key

    def authenticate_header(self, request):
        return self.keyword


class HasScope(permissions.BasePermission):
    """The key has the scope the view names for this method (`required_scopes`:
    {"GET": None, "POST": "jobs:write"}; None means any valid key)."""

    message = "This API key does not have the permission for this."

    def has_permission(self, request, view):
        api_key = request.auth
        if api_key is None:
            return False
        scope = view.required_scopes.get(request.method)
        if scope is None:
            return True
        if not api_key.has_scope(scope):
            self.message = f"This API key lacks the “{scope}” permission."
            return False
        return True


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "api.auth.ApiKeyAuthentication"
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An employer API key (Employer area → API keys), e.g. `jpk_1a2b3c4d5e6f_…`.",
        }
