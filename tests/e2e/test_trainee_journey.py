"""A trainee on a phone: logs in, filters the case library, reads a case, prints an interview guide."""

import re
from urllib.parse import urlparse

import pytest
from django.contrib.auth.models import Group

from core import roles
from fixtures.loader import load_demo_content
from regulations.models import RegulationPage
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ENGLISH_UI_WORDS = re.compile(r"\b(Filter|Search|Log ?out|Log in|Cases?|Home|Print|Download|Unit type)\b")


def _log_in(page, base_url: str, next_path: str) -> None:
    page.goto(base_url + next_path)
    assert "/accounts/login/" in page.url
    page.fill("#id_username", "phone-trainee")
    page.fill("#id_password", "pw-for-tests")
    page.click("form.stacked-form button[type=submit]")
    page.wait_for_url(re.compile(re.escape(next_path) + "$"))


def test_trainee_filters_cases_reads_one_and_prints_a_guide(live_server, phone):
    load_demo_content()
    UserFactory(username="phone-trainee", role=roles.TRAINEE)
    assert Group.objects.filter(name=roles.TRAINEE).exists()

    _log_in(phone, live_server.url, "/cases/")

    phone.click("details.filters summary")
    phone.select_option("#f-category", "integrity-discipline")
    phone.click("details.filters button[type=submit]")
    phone.wait_for_url(re.compile(r"category=integrity-discipline"))
    cards = phone.locator(".case-card")
    assert cards.count() >= 1
    assert all("廉洁纪律" in text for text in cards.all_inner_texts())
    assert phone.locator("[data-testid=case-count]").inner_text().startswith("共")

    title = cards.first.locator("h2 a").inner_text()
    cards.first.locator("h2 a").click()
    phone.wait_for_selector("article.case")
    assert phone.locator("h1").inner_text() == title

    body = phone.locator("body").inner_text()
    assert phone.locator("html").get_attribute("lang") == "zh-Hans"
    assert len(re.findall(r"[\u4e00-\u9fff]", body)) > 200
    assert not ENGLISH_UI_WORDS.search(body), ENGLISH_UI_WORDS.search(body)
    # Reads at phone width: nothing forces sideways scrolling.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375

    phone.goto(live_server.url + "/guides/")
    phone.locator("a", has_text="一把手").first.click()
    phone.wait_for_selector("article.guide")
    phone.emulate_media(media="print")
    assert not phone.locator(".site-header").is_visible()
    assert not phone.locator("a[download]").is_visible()
    assert phone.locator(".question").first.is_visible()
    phone.emulate_media(media="screen")
    with phone.expect_download() as download:
        phone.click("a[download]")
    assert download.value.suggested_filename.endswith(".docx")

    # The narrowest phones in use: every section still fits without sideways scrolling.
    phone.set_viewport_size({"width": 360, "height": 740})
    current = RegulationPage.objects.live().filter(revises__isnull=False).get()
    for path in ["/", "/cases/", "/guides/", "/regulations/", current.url, current.url + "changes/"]:
        phone.goto(live_server.url + path)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360, path

    hosts = {urlparse(url).hostname for url in phone.requested_urls if not url.startswith(("data:", "blob:"))}
    assert hosts == {"127.0.0.1"}, hosts


def test_trainee_opens_an_article_from_the_table_of_contents(live_server, phone):
    load_demo_content()
    UserFactory(username="phone-trainee", role=roles.TRAINEE)
    _log_in(phone, live_server.url, "/regulations/")

    phone.locator(".regulation-card h2 a").first.click()
    phone.wait_for_selector("article.regulation")
    phone.click("details.toc summary")
    phone.locator(".toc-list a", has_text="第二十一条").click()
    phone.wait_for_url(re.compile(r"#article-21$"))
    article = phone.locator("#article-21")
    assert article.is_visible()
    box = article.bounding_box()
    assert 0 <= box["y"] < 740  # scrolled into view on the phone screen
    assert "个别谈话" in article.inner_text()
