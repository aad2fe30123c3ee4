"""A member who served last year opens 我的成长档案 from the menu on a 375 px phone, sees the ended round, ticks
财经 and finds it saved, with thumb-sized tick boxes and nothing wider than the screen (issue 19, item 7)."""

import datetime

import pytest

from core import roles
from rounds.models import TeamRole
from talent.models import PersonSpecialism
from tests.factories import UserFactory
from tests.talent.factories import round_with_lesson, serve, specialism

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_member_reads_their_record_and_ticks_a_specialism(live_server, phone):
    today = datetime.date.today()
    last_year = round_with_lesson(
        starts_on=today - datetime.timedelta(days=400), ends_on=today - datetime.timedelta(days=340), name="去年一轮"
    )
    member = UserFactory(username="talent-member", role=roles.TRAINEE)
    serve(member, last_year, role=TeamRole.DEPUTY)
    finance = specialism("财经")
    page = phone

    page.goto(f"{live_server.url}/")
    page.fill("#id_username", "talent-member")
    page.fill("#id_password", "pw-for-tests")
    page.click("form.stacked-form button[type=submit]")
    page.click("summary.menu-button")
    page.click("#site-menu-panel >> text=我的成长档案")
    page.wait_for_selector("[data-testid=round-served]")

    assert "去年一轮" in page.locator("[data-testid=round-served]").inner_text()
    option = page.locator("label.option", has_text="财经")
    assert option.bounding_box()["height"] >= 44
    option.click()
    page.click("text=保存专长")
    page.wait_for_selector("[data-testid=specialism]")
    assert page.locator("[data-testid=specialism]").inner_text() == "财经"
    assert PersonSpecialism.objects.filter(user=member, specialism=finance).exists()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert all(url.startswith(live_server.url) or url.startswith("data:") for url in page.requested_urls)
