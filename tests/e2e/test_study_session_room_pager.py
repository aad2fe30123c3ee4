"""Issue 15: an article too long for the projector even in its smallest type is paged within the step (第 1/N 屏,
上一屏/下一屏); every screen fits 1366×768 and 1024×768 without scrolling, the screens together show the whole
article, the type stays at least 22 px, and the clicker turns the screens before it moves to the next step."""

import re

import pytest
from playwright.sync_api import expect

from core import roles
from tests.factories import RegulationArticleFactory, RegulationIndexPageFactory, RegulationPageFactory, UserFactory
from tests.studysessions.factories import StudySeriesFactory, evening
from tests.studysessions.factories_room import START, key_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SCREENS = [(1366, 768), (1024, 768)]
ITEM = (
    "巡察组应当重点检查被巡察党组织落实全面从严治党主体责任、执行民主集中制、"
    "选人用人和整改上轮巡察反馈问题的情况，并形成书面意见。"
)
# A county regulation's article with many items: about 5,000 characters.
LONG = "\n".join(f"（{n}）{ITEM}" for n in range(1, 76))
CONTROLS = ("button[data-key=prev]", "button[data-key=next]", "[data-page=prev]", "[data-page=next]")
CONTROLS += (".room-goto button", ".room-end button")


def _evening(host):
    regulation = RegulationPageFactory(parent=RegulationIndexPageFactory())
    RegulationArticleFactory(regulation=regulation, number=1, ordinal=1, text=LONG)
    RegulationArticleFactory(regulation=regulation, number=2, ordinal=2, text="本办法自印发之日起施行。")
    return evening(
        StudySeriesFactory(host=host), START, agenda=[("articles", {"regulation": regulation, "first": 1, "last": 2})]
    )


def _has_cjk_font(page) -> bool:
    """A CJK glyph as wide as the type is high: the machine sets Chinese as a projector does (scripts/test.sh
    installs a CJK font). Without one, Chinese is measured in narrow fallback glyphs and nothing overflows."""
    return page.evaluate(
        "() => { const c = document.createElement('canvas').getContext('2d'); c.font = '100px sans-serif';"
        " return c.measureText('巡察').width >= 180; }"
    )


def _screen(page, size):
    width, height = size
    assert page.evaluate("document.documentElement.scrollHeight") == height
    assert page.evaluate("window.innerHeight") == height
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for selector in CONTROLS:
        box = page.locator(selector).bounding_box()
        assert box is not None, selector
        assert 0 <= box["y"] and box["y"] + box["height"] <= height, (selector, box)
        assert 0 <= box["x"] and box["x"] + box["width"] <= width, (selector, box)
    return page.evaluate(
        "() => { const b = document.querySelector('[data-pager]'); const r = b.getBoundingClientRect();"
        " return {top: b.scrollTop, seen: b.clientHeight, all: b.scrollHeight, bottom: r.bottom,"
        " font: parseFloat(getComputedStyle(b.querySelector('.step-article p')).fontSize)}; }"
    )


@pytest.mark.parametrize("size", SCREENS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_long_article_is_paged_within_its_step(live_server, browser, size):
    from django.db import connections

    host = UserFactory(username="pager-host", role=roles.TRAINEE)
    path = f"/sessions/{key_of(_evening(host))}/present/"
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.goto(live_server.url + path)
    if not _has_cjk_font(page):
        pytest.fail("No CJK font: Chinese is measured in narrow fallback glyphs. Install fonts-wqy-microhei.")
    page.fill("#id_username", "pager-host")
    page.fill("#id_password", "pw-for-tests")
    page.click("form.stacked-form button[type=submit]")
    page.wait_for_url(re.compile(re.escape(path) + "$"))
    page.locator("[data-testid=open-room]").click()
    counter, label = page.locator("[data-testid=step-counter]"), page.locator("[data-page-label]")
    expect(counter).to_have_text("1 / 2")
    expect(page.locator("[data-page-controls]")).to_be_visible()
    expect(label).to_have_text(re.compile(r"^第 1/\d+ 屏$"))
    count = int(re.search(r"/(\d+)", label.inner_text()).group(1))
    assert count >= 2

    seen_to = 0
    for n in range(1, count + 1):
        expect(label).to_have_text(f"第 {n}/{count} 屏")
        screen = _screen(page, size)
        assert screen["font"] >= 22, screen  # readable from the back of the room: paged, never shrunk further
        assert screen["top"] <= seen_to, (n, screen)  # no gap between one screen and the next
        seen_to = screen["top"] + screen["seen"]
        if n > 1:
            expect(page.locator("[data-page=prev]")).to_be_enabled()
        if n < count:
            page.keyboard.press("PageDown")  # the clicker turns the screen; the step stays
            expect(counter).to_have_text("1 / 2")
    assert seen_to >= screen["all"]  # the screens together show the whole article
    expect(page.locator("[data-page=next]")).to_be_disabled()

    page.click("[data-page=prev]")
    expect(label).to_have_text(f"第 {count - 1}/{count} 屏")
    page.click("[data-page=next]")
    expect(label).to_have_text(f"第 {count}/{count} 屏")
    page.keyboard.press("PageDown")  # after the last screen: the next step
    expect(counter).to_have_text("2 / 2")
    page.wait_for_load_state("load")
    expect(page.locator("[data-page-controls]")).to_be_hidden()
    page.keyboard.press("PageUp")  # back to the long article, from its first screen
    expect(counter).to_have_text("1 / 2")
    expect(label).to_have_text(f"第 1/{count} 屏")
    context.close()
    connections.close_all()
