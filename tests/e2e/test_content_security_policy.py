"""The site's own pages satisfy their Content-Security-Policy in a real browser: Chromium reports no violation.

Chromium logs every blocked inline script, style or handler to the console ("...violates the following
Content Security Policy directive..."); the pages are read as a trainee and as a round's manager.
"""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.e2e.conftest import CHROMIUM_ARGS  # noqa: F401  (the browser fixture launches with these)
from tests.readiness.test_dashboard import build_round, complete

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _signed_in_page(browser, base_url: str, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 375, "height": 740})
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base_url}])
    page = context.new_page()
    page.violations = []
    page.on(
        "console",
        lambda message: page.violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return context, page


def _visit(page, url: str) -> None:
    response = page.goto(url)
    assert response.status == 200, url
    assert response.headers["content-security-policy"].count("'unsafe-inline'") == 0
    page.wait_for_load_state("load")


def test_the_site_pages_report_no_policy_violation(live_server, browser):
    data = build_round()
    member, manager = data["members"][0].user, data["manager"]
    complete(member, data["lessons"][:1])  # progress bars with a width
    base = live_server.url

    context, page = _signed_in_page(browser, base, member)
    for path in [
        "/",
        reverse("readiness:my_learning"),
        reverse("quizzes:list"),
        reverse("declarations:index"),
        reverse("search") + "?q=巡察",
        reverse("studysessions:list"),
    ]:
        _visit(page, base + path)
    assert page.violations == []

    # The listener does hear a violation: an injected inline style is refused and reported.
    with page.expect_console_message(lambda message: "Content Security Policy" in message.text):
        page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')")
    assert page.violations
    context.close()

    context, page = _signed_in_page(browser, base, manager)
    _visit(page, base + reverse("readiness:dashboard", args=[data["round"].pk]))  # the SVG chart and mini-bars
    assert page.violations == []
    context.close()
