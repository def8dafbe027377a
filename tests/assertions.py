"""Assertions several test modules share."""


def assert_resume_download(response, filename):
    """A resume is only ever sent as a sandboxed, uncached PDF attachment."""
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert response["Cache-Control"] == "no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
