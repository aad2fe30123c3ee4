import os
import shutil

import pytest

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from
# a thread with a running loop unless told it is safe (the tests are sequential).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def browser():
    # Per test, not per session: while Playwright's loop runs, Django's thread-local connections
    # resolve to other objects, and the serialized-rollback snapshot kept on the original
    # connection would be lost to every later test.
    from playwright.sync_api import sync_playwright

    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: scripts/test.sh installs Debian's chromium package.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone(browser):
    """A phone-sized page that records every request it makes."""
    context = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=2, accept_downloads=True)
    page = context.new_page()
    page.requested_urls = []
    page.on("request", lambda request: page.requested_urls.append(request.url))
    yield page
    # ORM calls made while Playwright's loop runs open their own connection (see browser());
    # close it here, or PostgreSQL cannot drop the test database at the end of the run.
    from django.db import connections

    connections.close_all()
    context.close()


def open_signed_in(browser, base_url: str, username: str, path: str, *, phone: bool):
    """A new browser context (a 375 px phone, or a 1280 px projector) signed in as ``username`` at ``path``:
    (context, page). The 夜学 room's tests open a projector and phones side by side."""
    import re

    viewport = {"width": 375, "height": 740} if phone else {"width": 1280, "height": 800}
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(base_url + path)
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-for-tests")
    page.click("form.stacked-form button[type=submit]")
    page.wait_for_url(re.compile(re.escape(path) + "$"))
    return context, page
