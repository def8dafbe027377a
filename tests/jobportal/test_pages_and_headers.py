import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def csp_of(response):
    directives = (part.strip() for part in response["Content-Security-Policy"].split(";"))
    return dict([*directive.split(" ", 1), ""][:2] for directive in directives)


def test_home_page_renders_with_search_box_and_account_links(client):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert b'role="search"' in response.content
    assert reverse("account_login").encode() in response.content
    assert reverse("account_signup").encode() in response.content


def test_content_security_policy_is_strict_with_a_nonce(client):
    response = client.get(reverse("home"))

    policy = csp_of(response)
    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy["script-src"]).group(1)
    # htmx is served by the site itself and carries this response's nonce.
    assert re.search(
        rf'<script src="/static/django_htmx/htmx-2[^"]*" defer nonce="{re.escape(nonce)}"', response.text
    )


def test_nonce_changes_per_request(client):
    first = csp_of(client.get(reverse("home")))["script-src"]
    second = csp_of(client.get(reverse("home")))["script-src"]

    assert first != second


def test_pages_have_no_inline_handlers_or_unnonced_inline_scripts(client):
    for url in [
        reverse("home"),
        reverse("account_login"),
        reverse("account_signup"),
        reverse("account_reset_password"),
    ]:
        html = client.get(url).text
        assert not re.search(r"\son[a-z]+\s*=", html), url
        assert not re.search(r"\sstyle\s*=", html), url
        for script in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in script, (url, script)
        assert "hx-on" not in html


def test_htmx_is_configured_for_the_csp_and_sends_csrf_for_signed_in_people(client):
    client.force_login(UserFactory())
    html = client.get(reverse("home")).text

    assert '"includeIndicatorStyles": false' in html
    assert '"allowEval": false' in html
    assert re.search(r"hx-headers='\{\"X-CSRFToken\": \"[^\"]+\"\}'", html)


@pytest.mark.parametrize("page", ["home", "listings:job_list"])
def test_pages_without_forms_to_post_set_no_cookie_for_visitors(client, page):
    """A visitor's search posts nothing: no CSRF token, no cookie, so a cache in front
    (or ours) can keep the page for everyone without a session."""
    response = client.get(reverse(page))

    assert "X-CSRFToken" not in response.text
    assert "csrfmiddlewaretoken" not in response.text
    assert response.cookies == {}


def test_security_headers(client):
    response = client.get(reverse("home"))

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_static_assets_are_served_by_the_project():
    for path in ["css/site.css", "js/site.js", "django_htmx/htmx-2.min.js"]:
        assert finders.find(path), path


def test_404_page_in_site_style(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "We couldn't find that page" in response.text
    assert b'class="site-header"' in response.content


def test_csrf_failure_page_in_site_style():
    csrf_client = Client(enforce_csrf_checks=True)

    response = csrf_client.post(reverse("account_login"), {"login": "x@example.com", "password": "x"})

    assert response.status_code == 403
    assert b'class="site-header"' in response.content
    assert b"reload the page" in response.content


def test_500_page_has_no_traceback(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.jobportal.urls_boom"
    client = Client(raise_request_exception=False)

    response = client.get("/boom/")

    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.content
    assert b"Traceback" not in response.content
    assert b"secret internal detail" not in response.content


def test_400_page_for_a_bad_host(client, settings):
    settings.ALLOWED_HOSTS = ["jobs.example.com"]

    response = client.get(reverse("home"), HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert "couldn't understand that request" in response.text


def test_signup_form_fields_have_labels(client):
    html = client.get(reverse("account_signup")).text

    for field_id in re.findall(r'<input[^>]+id="(id_[a-z0-9_]+)"', html):
        assert f'for="{field_id}"' in html, field_id


@pytest.mark.django_db
def test_the_benchmark_floor_page_is_not_routed_outside_the_benchmark(client):
    assert client.get("/bench/floor/").status_code == 404


@pytest.mark.django_db
def test_html_is_sent_gzipped_to_browsers_that_accept_it(client):
    response = client.get(reverse("listings:job_list"), headers={"Accept-Encoding": "gzip, br"})

    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
