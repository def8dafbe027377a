"""`make screenshots`: the README's pictures of the site, taken from the demo data.

Loads the demo (seed_demo, a fixed seed) into a throwaway SQLite database, serves it with
runserver on a free port, signs in as the demo accounts and photographs the main pages
with Debian's Chromium at 1280 px and on a 390 px phone, into docs/screenshots/*.png,
reduced to 256 colours so each stays small enough to commit.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from listings.demo.content import DEMO_PASSWORD  # noqa: E402 - pure data, no Django needed

OUT = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(*args, env):
    command = [sys.executable, "manage.py", *args]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{done.stderr}")


def serve_demo(workdir):
    """A runserver on the demo data; returns (process, base URL)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "CACHE_URL"}}
    env.update(
        DATABASE_URL=f"sqlite:///{workdir}/screenshots.sqlite3",
        MEDIA_ROOT=f"{workdir}/media",
        PRIVATE_MEDIA_ROOT=f"{workdir}/private_media",
        SITE_URL=f"http://127.0.0.1:{port}",
        DEBUG="True",
    )
    manage("migrate", "--noinput", env=env)
    manage("seed_demo", "--seed", "2026", env=env)
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=1)
            return server, base
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("The demo server did not start.")


def save(page, name):
    """The visible screen as a 256-colour PNG."""
    path = OUT / f"{name}.png"
    page.screenshot(path=path)
    image = Image.open(path).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    image.save(path, optimize=True)
    print(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1024} KB")


def signed_in(browser, base, email, size):
    context = browser.new_context(base_url=base, viewport=size)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state()
    return page


def visitor_pages(browser, base):
    for size, suffix in ((LAPTOP, "1280"), (PHONE, "390")):
        page = browser.new_context(base_url=base, viewport=size).new_page()
        if size is LAPTOP:
            page.goto("/")
            save(page, "home-1280")
        page.goto("/jobs/?skills=django")
        save(page, f"search-{suffix}")
        page.locator("#results .job-card__title a").first.click()
        page.wait_for_load_state()
        save(page, f"job-{suffix}")
        page.context.close()

    # The phone's filter sheet, a filter ticked.
    page = browser.new_context(base_url=base, viewport=PHONE).new_page()
    page.goto("/jobs/")
    page.locator("#search-filters .filters__toggle").click()
    page.get_by_role("checkbox", name="Remote").check()
    page.wait_for_load_state("networkidle")
    save(page, "search-filters-390")
    page.context.close()


def seeker_pages(browser, base):
    page = signed_in(browser, base, "seeker@example.com", PHONE)
    page.goto("/applications/")
    page.locator(".site-header .site-nav__toggle").click()
    save(page, "menu-390")
    page.context.close()
    page = signed_in(browser, base, "seeker@example.com", LAPTOP)
    page.goto("/recommended/")
    save(page, "recommended-1280")
    page.context.close()


def employer_pages(browser, base):
    page = signed_in(browser, base, "employer@example.com", LAPTOP)
    page.goto("/employer/jobs/")
    save(page, "dashboard-1280")
    # The pipeline of the job with the most applicants.
    boards = page.eval_on_selector_all(
        "a[href$='/applicants/']", "links => links.map(link => link.getAttribute('href'))"
    )
    busiest = max(dict.fromkeys(boards), key=lambda href: applicant_count(page, href))
    page.goto(busiest)
    save(page, "pipeline-1280")
    page.context.close()


def applicant_count(page, href):
    page.goto(href)
    return page.locator(".applicant-card").count()


def staff_pages(browser, base):
    context = browser.new_context(base_url=base, viewport=LAPTOP)
    page = context.new_page()
    page.goto("/admin/login/?next=/admin/listings/job/")
    page.get_by_label("Email").fill("staff@example.com")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    save(page, "moderation-1280")
    context.close()


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as workdir:
        server, base = serve_demo(workdir)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
                visitor_pages(browser, base)
                seeker_pages(browser, base)
                employer_pages(browser, base)
                staff_pages(browser, base)
                browser.close()
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
