"""The OpenAPI schema and its documentation pages, served by the project: the Swagger
UI and Redoc assets come from drf-spectacular-sidecar's static files (no CDN), and
the Swagger UI's start-up script is a separate request (no inline script)."""

from django.conf import settings
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

# Both renderers style their widgets with inline styles (React style attributes,
# styled-components); these two pages show only our own schema, so they alone may.
# Scripts stay "self" only. Redoc runs its parser in a blob: worker.
DOCS_CSP = {
    **settings.SECURE_CSP,
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "worker-src": [CSP.SELF, "blob:"],
}

schema = SpectacularAPIView.as_view()
swagger = csp_override(DOCS_CSP)(SpectacularSwaggerSplitView.as_view(url_name="api:schema"))
redoc = csp_override(DOCS_CSP)(
    SpectacularRedocView.as_view(url_name="api:schema", template_name="api/redoc.html")
)
