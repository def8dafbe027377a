"""GitHub and Google as a local HTTP server on loopback, answering with recorded responses.

allauth's provider adapters (and our GitHub profile import) are pointed at it, so
the whole OAuth flow runs for real: the redirect to the authorise URL, the code
exchange, the user endpoints. The authorise endpoint consents at once and sends the
browser back to our callback (or says "access_denied" when told to). Nothing here
reaches the internet.
"""

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt

RECORDED = Path(__file__).parent / "accounts" / "recorded"

GITHUB_CLIENT_ID = "Iv1.stub-github-client"
GOOGLE_CLIENT_ID = "1234-stub.apps.googleusercontent.com"


def recorded(name):
    return json.loads((RECORDED / name).read_text())


@dataclass
class Answer:
    status: int = 200
    body: object = None
    headers: dict = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering (timeouts)


@dataclass
class Seen:
    method: str
    path: str
    query: dict
    headers: dict
    form: dict


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A client that timed out on purpose (the timeout tests) has hung up.
        pass


class ProviderStub:
    def __init__(self):
        self.answers = {}
        self.seen = []
        self.consent = "allow"  # or "deny": what the person answers on the authorise page
        self.server = QuietServer(("127.0.0.1", 0), self._handler_class())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def reset(self):
        self.answers = {}
        self.seen = []
        self.consent = "allow"

    def answer(self, method, path, status=200, body=None, headers=None, delay=0.0):
        self.answers[(method, path)] = Answer(status, body, headers or {}, delay)

    def requests_to(self, path):
        return [seen for seen in self.seen if seen.path == path]

    # --- Recorded provider behaviour --------------------------------------------

    def github_defaults(self, user=None, emails=None, repos=None):
        self.answer("POST", "/login/oauth/access_token", body=recorded("github_token.json"))
        self.answer("GET", "/api/v3/user", body=user or recorded("github_user.json"))
        self.answer(
            "GET", "/api/v3/user/emails", body=recorded("github_emails.json") if emails is None else emails
        )
        login = (user or recorded("github_user.json"))["login"]
        self.answer(
            "GET",
            f"/api/v3/users/{login}/repos",
            body=recorded("github_repos.json") if repos is None else repos,
        )

    def google_defaults(self, claims=None):
        now = int(time.time())
        payload = {
            "iss": "https://accounts.google.com",
            "azp": GOOGLE_CLIENT_ID,
            "aud": GOOGLE_CLIENT_ID,
            "sub": "109876543210987654321",
            "email": "grace@example.com",
            "email_verified": True,
            "name": "Grace Hopper",
            "given_name": "Grace",
            "family_name": "Hopper",
            "picture": "https://lh3.googleusercontent.com/a/stub",
            "iat": now,
            "exp": now + 3600,
            **(claims or {}),
        }
        # allauth doesn't check the signature of an ID token it fetched itself over TLS
        # (OpenID Connect Core 3.1.3.7), so any key signs the recorded one.
        id_token = jwt.encode(payload, "stub-signing-key-of-the-test-suite-not-google", algorithm="HS256")
        self.answer(
            "POST",
            "/token",
            body={
                "access_token": "ya29.stub-access-token",
                "expires_in": 3599,
                "scope": "openid https://www.googleapis.com/auth/userinfo.email "
                "https://www.googleapis.com/auth/userinfo.profile",
                "token_type": "Bearer",
                "id_token": id_token,
            },
        )

    # --- The server ----------------------------------------------------------------

    def _handler_class(self):
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _serve(self, method):
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode() if length else ""
                form = {key: values[0] for key, values in parse_qs(body).items()}
                query = {key: values[0] for key, values in parse_qs(parts.query).items()}
                stub.seen.append(Seen(method, parts.path, query, dict(self.headers.items()), form))
                if method == "GET" and parts.path in ("/login/oauth/authorize", "/o/oauth2/v2/auth"):
                    return self._authorise(query)
                answer = stub.answers.get((method, parts.path))
                if answer is None:
                    answer = Answer(404, {"message": "Not Found"})
                if answer.delay:
                    time.sleep(answer.delay)
                payload = answer.body if isinstance(answer.body, (bytes, str)) else json.dumps(answer.body)
                payload = payload.encode() if isinstance(payload, str) else payload
                self.send_response(answer.status)
                headers = {"Content-Type": "application/json; charset=utf-8", **answer.headers}
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def _authorise(self, query):
                # The person is signed in at the provider and answers at once.
                if stub.consent == "allow":
                    back = {"code": "stub-code-123", "state": query.get("state", "")}
                else:
                    back = {
                        "error": "access_denied",
                        "error_description": "The user has denied your application access.",
                        "state": query.get("state", ""),
                    }
                self.send_response(302)
                self.send_header("Location", f"{query['redirect_uri']}?{urlencode(back)}")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def do_GET(self):
                self._serve("GET")

            def do_POST(self):
                self._serve("POST")

        return Handler


def point_providers_at(stub, monkeypatch, settings, providers=("github", "google")):
    """Configure the providers as the environment would, with their URLs on the stub."""
    from allauth.socialaccount.providers.github.views import GitHubOAuth2Adapter
    from allauth.socialaccount.providers.google.views import GoogleOAuth2Adapter

    conf = {}
    if "github" in providers:
        api = f"{stub.url}/api/v3"
        monkeypatch.setattr(GitHubOAuth2Adapter, "web_url", stub.url)
        monkeypatch.setattr(GitHubOAuth2Adapter, "api_url", api)
        monkeypatch.setattr(GitHubOAuth2Adapter, "access_token_url", f"{stub.url}/login/oauth/access_token")
        monkeypatch.setattr(GitHubOAuth2Adapter, "authorize_url", f"{stub.url}/login/oauth/authorize")
        monkeypatch.setattr(GitHubOAuth2Adapter, "profile_url", f"{api}/user")
        monkeypatch.setattr(GitHubOAuth2Adapter, "emails_url", f"{api}/user/emails")
        conf["github"] = {
            "APPS": [{"client_id": GITHUB_CLIENT_ID, "secret": "stub-github-secret"}],
            "SCOPE": ["user:email"],
            "OAUTH_PKCE_ENABLED": True,
            "VERIFIED_EMAIL": False,
        }
    if "google" in providers:
        monkeypatch.setattr(GoogleOAuth2Adapter, "access_token_url", f"{stub.url}/token")
        monkeypatch.setattr(GoogleOAuth2Adapter, "authorize_url", f"{stub.url}/o/oauth2/v2/auth")
        monkeypatch.setattr(GoogleOAuth2Adapter, "identity_url", f"{stub.url}/oauth2/v2/userinfo")
        conf["google"] = {
            "APPS": [{"client_id": GOOGLE_CLIENT_ID, "secret": "stub-google-secret"}],
            "SCOPE": ["profile", "email"],
            "OAUTH_PKCE_ENABLED": True,
            "VERIFIED_EMAIL": False,
        }
    settings.SOCIALACCOUNT_PROVIDERS = conf
