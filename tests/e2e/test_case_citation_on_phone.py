"""A trainee on a phone follows a case's 相关条文 link to an old article and lands on the article in force in one
tap (issue 14, links that follow)."""

import re

import pytest

from core import roles
from tests.citation_chain import revised_regulation
from tests.factories import CaseArticleLinkFactory, CaseIndexPageFactory, CasePageFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def phone_812(browser):
    context = browser.new_context(
        viewport={"width": 375, "height": 812}, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    yield page
    from django.db import connections

    connections.close_all()
    context.close()


def test_one_tap_from_a_case_reaches_the_article_in_force(live_server, phone_812):
    chain = revised_regulation()
    case = CasePageFactory(parent=CaseIndexPageFactory(), title="某局超时限报告案")
    CaseArticleLinkFactory(case=case, article=chain.old_article(2))
    UserFactory(username="citation-trainee", role=roles.TRAINEE)
    page = phone_812

    page.goto(live_server.url + case.url)
    page.fill("#id_username", "citation-trainee")
    page.fill("#id_password", "pw-for-tests")
    page.click("form.stacked-form button[type=submit]")
    page.wait_for_selector("article.case")

    related = page.locator(".article-links li").first
    assert "现行《巡察办法（2025）》第三条" in related.inner_text()
    assert "原第二条" in related.inner_text()
    related.locator(".citation-followed > a").first.tap()

    page.wait_for_url(re.compile(re.escape(chain.new.url) + "#article-3$"))
    target = page.locator("#article-3")
    assert target.is_visible()
    assert "十五个工作日" in target.inner_text()
    # Scrolled to it: the article's top is inside the phone's screen.
    top = page.evaluate("document.getElementById('article-3').getBoundingClientRect().top")
    assert 0 <= top < 812
