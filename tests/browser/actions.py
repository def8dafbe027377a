"""What a person does in the browser, shared by the browser tests."""

from tests.factories import TEST_PASSWORD


def log_in(page, user, next_url):
    page.goto(f"/accounts/login/?next={next_url}")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
