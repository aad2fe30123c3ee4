"""First use on a phone (issue 15): a header of one row that stays on top, a 菜单 that opens and closes (with and
without JavaScript), back-to-top on the demo's long regulation, and its table of contents reachable from deep
in the text. Also the one-row header on a 1366×768 screen."""

import re

import pytest
from playwright.sync_api import expect

from core import roles
from fixtures.loader import load_demo_content
from regulations.models import RegulationPage
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WECHAT_ANDROID = (
    "Mozilla/5.0 (Linux; Android 12; V2055A Build/SP1A.210812.003; wv) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Version/4.0 Chrome/107.0.5304.141 Mobile Safari/537.36 XWEB/5023 MMWEBSDK/20230701 MMWEBID/2833 "
    "MicroMessenger/8.0.40.2420(0x28002837) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64"
)
MAX_HEADER = 80


def _log_in(page, base_url: str, next_path: str = "/") -> None:
    page.goto(base_url + "/accounts/login/?next=" + next_path)
    page.fill("#id_username", "phone-trainee")
    page.fill("#id_password", "pw-for-tests")
    page.click("form.stacked-form button[type=submit]")
    page.wait_for_url(re.compile(re.escape(next_path) + "$"))


def _context(browser, width: int, height: int, **options):
    return browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=2, **options)


def _header_height(page) -> float:
    return page.locator(".site-header").bounding_box()["height"]


def _assert_one_row(page) -> None:
    """Brand, search, 大字 and 菜单 side by side: their boxes share one line."""
    selectors = (".brand", ".header-search", ".text-size-quick button", ".menu-button")
    boxes = [page.locator(s).bounding_box() for s in selectors]
    middles = [box["y"] + box["height"] / 2 for box in boxes]
    assert max(middles) - min(middles) < 4, boxes
    assert boxes[0]["x"] < boxes[1]["x"] < boxes[2]["x"] < boxes[3]["x"]


def _placeholder_fits(page) -> bool:
    """The placeholder's width in the input's own font (at least one em a character), against the room inside
    the field."""
    return page.evaluate(
        """() => {
          const input = document.querySelector('#site-search');
          const style = getComputedStyle(input);
          const context = document.createElement('canvas').getContext('2d');
          context.font = style.fontSize + ' ' + style.fontFamily;
          const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
          // Whatever fonts this machine has: a Chinese character is at most one em wide on a phone.
          const width = Math.max(context.measureText(input.placeholder).width,
                                 input.placeholder.length * parseFloat(style.fontSize));
          return input.placeholder.length > 0 && width <= room;
        }"""
    )


def _expect_menu(page, *, open_: bool) -> None:
    """The menu's panel shown or hidden, waiting for the page's own handlers (a details toggle is asynchronous)."""
    panel = page.locator("#site-menu-panel")
    if open_:
        expect(panel).to_be_visible()
    else:
        expect(panel).to_be_hidden()


def _regulation():
    return RegulationPage.objects.live().filter(revises__isnull=False).get()


@pytest.fixture
def demo(db):
    load_demo_content()
    UserFactory(username="phone-trainee", role=roles.TRAINEE)


def test_a_wechat_phone_gets_one_row_a_menu_back_to_top_and_the_contents_from_deep_in_a_regulation(
    live_server, browser, demo
):
    context = _context(browser, 360, 740, user_agent=WECHAT_ANDROID)
    page = context.new_page()
    _log_in(page, live_server.url)

    assert _header_height(page) <= MAX_HEADER
    _assert_one_row(page)
    assert _placeholder_fits(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # 菜单 opens the full menu, 大字模式 first; Escape closes it, and so does a tap outside it.
    summary = page.locator(".menu-button")
    expect(summary).to_have_attribute("aria-expanded", "false")
    summary.click()
    # The details element's toggle event (which site.js keeps aria-expanded in step with) fires after the click.
    expect(summary).to_have_attribute("aria-expanded", "true")
    _expect_menu(page, open_=True)
    first = page.locator("#site-menu-panel > *").first
    assert "大字模式" in first.inner_text()
    for name in ["我的学习", "测验", "反复学", "夜学", "账户安全", "退出"]:
        assert page.locator("#site-menu-panel", has_text=name).is_visible(), name
    page.keyboard.press("Escape")
    expect(summary).to_have_attribute("aria-expanded", "false")
    _expect_menu(page, open_=False)
    summary.click()
    _expect_menu(page, open_=True)
    panel = page.locator("#site-menu-panel").bounding_box()
    below = panel["y"] + panel["height"] + 20
    assert below < 740  # the open menu leaves some of the page to tap
    page.mouse.click(180, below)
    _expect_menu(page, open_=False)

    # The demo regulation: long, with back-to-top after two screens and the header always on top.
    page.goto(live_server.url + _regulation().url)
    assert page.evaluate("document.documentElement.scrollHeight") > 10 * 740  # more than ten screens
    back = page.locator(".back-to-top")
    assert not back.is_visible()
    page.evaluate("window.scrollTo(0, window.innerHeight)")
    page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")  # the handler ran
    assert not back.is_visible()
    page.locator("#article-30").scroll_into_view_if_needed()
    expect(back).to_be_visible()
    assert page.locator(".site-header").bounding_box()["y"] == 0  # sticky
    box = back.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44
    toc_button = page.locator(".toc-button").bounding_box()
    assert box["y"] + box["height"] <= toc_button["y"]  # stacked, not covering each other

    # 目录 from deep in the text: the contents open; a chapter lands below the header.
    page.locator(".toc-button").click()
    page.wait_for_url(re.compile(r"#toc$"))
    assert page.locator("details.toc").get_attribute("open") is not None
    chapter = page.locator(".toc-list .toc-chapter a").nth(3)
    assert "第四章" in chapter.inner_text()
    chapter.click()
    heading = page.locator("h2.chapter", has_text="第四章")
    page.wait_for_url(re.compile(r"#chapter-article-\d+$"))
    top = heading.bounding_box()["y"]
    assert _header_height(page) <= top < 740
    # An article from the contents lands below the sticky header, not under it.
    page.locator(".toc-button").click()
    page.locator(".toc-list a", has_text=re.compile("^第二十一条$")).click()
    page.wait_for_url(re.compile(r"#article-21$"))
    assert _header_height(page) <= page.locator("#article-21").bounding_box()["y"] < 740

    back.click()
    page.wait_for_url(re.compile(r"#top$"))
    assert page.evaluate("window.scrollY") == 0
    context.close()


def test_the_menu_on_a_375_phone_and_without_javascript(live_server, browser, demo):
    context = _context(browser, 375, 812)
    page = context.new_page()
    _log_in(page, live_server.url)
    assert _header_height(page) <= MAX_HEADER
    _assert_one_row(page)
    assert _placeholder_fits(page)
    page.click(".menu-button")
    _expect_menu(page, open_=True)
    page.click(".menu-button")
    _expect_menu(page, open_=False)
    # Search from the header works.
    page.fill("#site-search", "谈话")
    page.click(".search-button")
    page.wait_for_url(re.compile(r"/search/\?q="))
    assert page.locator(".site-header").bounding_box()["height"] <= MAX_HEADER
    # 大字模式 is one tap away, in the row itself, and stays on the page the reader was on.
    quick = page.locator(".text-size-quick button")
    row = page.locator(".menu-button").bounding_box()
    assert abs(quick.bounding_box()["y"] - row["y"]) < 4
    quick.click()
    page.wait_for_url(re.compile(r"/search/\?q="))
    assert "text-large" in (page.locator("html").get_attribute("class") or "")
    assert page.locator(".text-size-quick button").get_attribute("aria-pressed") == "true"
    assert _header_height(page) <= MAX_HEADER
    context.close()

    # Without JavaScript the menu is a details element: it opens and closes all the same, and back-to-top is a
    # plain link at the end of the page.
    plain = _context(browser, 375, 812, java_script_enabled=False)
    page = plain.new_page()
    _log_in(page, live_server.url)
    assert page.locator("details.site-menu > summary.menu-button").count() == 1
    page.click(".menu-button")
    _expect_menu(page, open_=True)
    page.click(".menu-button")
    _expect_menu(page, open_=False)
    page.goto(live_server.url + _regulation().url)
    assert page.locator("a.back-to-top[href='#top']").count() == 1
    page.locator("a.back-to-top").click()
    assert page.evaluate("window.scrollY") == 0
    plain.close()


def test_a_1366_screen_keeps_the_header_to_one_row_with_the_everyday_links(live_server, browser, demo):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    _log_in(page, live_server.url)
    assert _header_height(page) <= MAX_HEADER
    _assert_one_row(page)
    links = page.locator(".quick-nav a")
    assert links.count() >= 5
    tops = {round(links.nth(i).bounding_box()["y"]) for i in range(links.count())}
    assert len(tops) == 1
    last, nav = links.nth(links.count() - 1).bounding_box(), page.locator(".quick-nav").bounding_box()
    assert last["x"] + last["width"] <= nav["x"] + nav["width"]  # none cut off
    context.close()
