import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobportal.settings")

application = get_asgi_application()

# After setup: web requests get a bounded statement time (WEB_STATEMENT_TIMEOUT_MS).
from jobportal.db import limit_web_statement_time  # noqa: E402

limit_web_statement_time()
