"""The OpenAPI schema and its documentation page, served by the project: the Swagger UI
assets come from drf-spectacular-sidecar's static files (no CDN), and its start-up
script is a separate request (no inline script). No Redoc: its bundle loads a logo
from the vendor's CDN."""

from django.conf import settings
from django.utils.csp import CSP
from django.views.decorators.cache import cache_page
from django.views.decorators.csp import csp_override
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api.http import rate_limited

# Swagger UI styles its widgets with inline style attributes (React); the page shows
# only our own schema, so it alone may. Scripts stay "self" only.
DOCS_CSP = {**settings.SECURE_CSP, "style-src": [CSP.SELF, CSP.UNSAFE_INLINE]}

# The schema changes only with a deploy; generating it walks every view.
SCHEMA_CACHE_SECONDS = 60 * 60

schema = rate_limited(cache_page(SCHEMA_CACHE_SECONDS)(SpectacularAPIView.as_view()))
swagger = csp_override(DOCS_CSP)(SpectacularSwaggerSplitView.as_view(url_name="api:schema"))
