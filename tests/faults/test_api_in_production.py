"""The API as deployed: gunicorn, DEBUG off, PostgreSQL, collected and hashed static
files. The search answers and pages on, the schema is served, and the documentation
page's Swagger UI files (drf-spectacular-sidecar, through the static manifest) load."""

import json
import re
import urllib.request


def fetch(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.headers, response.read()


def test_the_api_and_its_documentation_work_in_production(production_site):
    status, headers, body = fetch(f"{production_site}/api/v1/jobs/?q=django&page_size=5")
    assert status == 200
    assert headers["Content-Type"] == "application/json"
    first = json.loads(body)
    assert len(first["results"]) == 5
    status, _, body = fetch(first["next"])
    assert status == 200
    assert {job["id"] for job in json.loads(body)["results"]}.isdisjoint(
        job["id"] for job in first["results"]
    )

    status, _, schema = fetch(f"{production_site}/api/schema/?format=json")
    assert status == 200
    assert "/api/v1/employer/jobs/" in json.loads(schema)["paths"]

    status, headers, page = fetch(f"{production_site}/api/docs/")
    assert status == 200
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.decode())
    assert any("swagger-ui-bundle" in source for source in sources)
    for source in sources:
        assert source.startswith("/"), source  # ours, not a CDN
        assert fetch(f"{production_site}{source}")[0] == 200, source
