"""Issue 15, tested on the demo (示例): the next demo evening has every kind of step (article, changed article with
its 修订对照, case, guide question, discussion, talk, the live question open and revealed); at 1366×768 and
1024×768 every step, every screen of a paged one, leaves the page exactly the screen's height with the
controls on it, and the revealed question shows its distribution and its answer without scrolling."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from fixtures.demo import study
from fixtures.loader import load_demo_content
from studysessions.models import SessionStatus, StudySession
from tests.studysessions.factories_room import key_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SCREENS = [(1366, 768), (1024, 768)]
KINDS = {"articles", "changes", "case", "guide", "discussion", "talk", "quiz", "drill", "scenario"}
CONTROLS = ("button[data-key=prev]", "button[data-key=next]", ".room-goto button", ".room-end button")


def _inside(page, selector: str, size) -> None:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    assert 0 <= box["y"] and box["y"] + box["height"] <= size[1], (selector, box)
    assert 0 <= box["x"] and box["x"] + box["width"] <= size[0], (selector, box)


def _fits(page, size, label: str) -> None:
    """The page is the screen; the controls are on it; the step's text fits its box or is paged."""
    page.wait_for_load_state("load")  # every press of the remote is a POST and a new page
    assert page.evaluate("document.documentElement.scrollHeight") == size[1], label
    assert page.evaluate("window.innerHeight") == size[1], label
    assert page.evaluate("document.documentElement.scrollWidth") <= size[0], label
    for selector in CONTROLS:
        _inside(page, selector, size)
    state = page.evaluate(
        "() => { const b = document.querySelector('[data-pager]');"
        " return {over: b.scrollHeight - b.clientHeight, paged: !document.querySelector('[data-page-controls]').hidden,"
        " font: parseFloat(getComputedStyle(b).fontSize)}; }"
    )
    assert state["over"] <= 2 or state["paged"], (label, state)  # nothing below the box without a pager
    assert state["font"] >= 22, (label, state)


def _screens(page, size, label: str) -> None:
    """Every screen of the step: the clicker turns them (the step stays) until the last."""
    _fits(page, size, label)
    pager = page.locator("[data-page-controls]")
    if pager.is_hidden():
        return
    count = int(re.search(r"/(\d+)", page.locator("[data-page-label]").inner_text()).group(1))
    for n in range(2, count + 1):
        page.keyboard.press("PageDown")
        expect(page.locator("[data-page-label]")).to_have_text(f"第 {n}/{count} 屏")
        _fits(page, size, f"{label}, screen {n}")


def _next_evening() -> StudySession:
    return (
        StudySession.objects.filter(
            series__title=study.SERIES["title"], status=SessionStatus.SCHEDULED, ends_at__gt=timezone.now()
        )
        .order_by("slot_start")
        .first()
    )


@pytest.fixture
def demo(db):
    load_demo_content()


@pytest.mark.parametrize("size", SCREENS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_step_of_the_demo_evening_fits_the_projector(live_server, browser, demo, size):
    from django.db import connections

    # The demo host is the demo editor, who also types a phone code: signed in as after it (tests/conftest.py).
    client = Client()
    client.force_login(get_user_model().objects.get(username=study.SERIES["host"]))
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/sessions/{key_of(_next_evening())}/present/")
    page.locator("[data-testid=open-room]").click()
    page.locator("[data-testid=confirm-start]").click()  # the evening is days away: 开始 asks first
    counter = page.locator("[data-testid=step-counter]")
    expect(counter).to_have_text(re.compile(r"^1 / \d+$"))
    total = int(counter.inner_text().split("/")[1])

    kinds, revealed = set(), 0
    for number in range(1, total + 1):
        expect(counter).to_have_text(f"{number} / {total}")
        kind = page.locator("[data-testid=step]").get_attribute("data-kind")
        kinds.add(kind)
        _screens(page, size, f"step {number} ({kind})")
        if page.locator("[data-testid=open-question]").count():
            page.click("[data-testid=open-question]")
            expect(page.locator("[data-testid=reveal]")).to_be_visible()
            _screens(page, size, f"step {number}, question open")
            page.click("[data-testid=reveal]")
            expect(page.locator("[data-testid=distribution]")).to_be_visible()
            _fits(page, size, f"step {number}, answers shown")
            # On the first screen, without scrolling: the question, the whole distribution and the answer.
            for selector in (".step-title", "[data-testid=distribution]"):
                _inside(page, selector, size)
            if page.locator(".bar-row").count():  # a choice question (a blank to fill has no bars)
                _inside(page, ".bar-row.is-correct .bar-key", size)
                revealed += 1
            page.click("button[value=close_question]")
            expect(page.locator("[data-testid=live]")).to_have_count(0)
        if number < total:
            page.click("button[data-key=next]")
    assert kinds == KINDS
    assert revealed >= 3  # the demo quiz's choice and true/false questions
    context.close()
    connections.close_all()
