"""A trainee finishes a module on a phone (我的学习 → lesson → studied button) and the office dashboard,
open in another browser, shows the change when reloaded."""

import re

import pytest

from core import roles
from courses.models import CompletionRecord, ItemKind
from tests.accounts.helpers import authenticator_of, enter_second_factor_in_browser
from tests.e2e.conftest import CHROMIUM_ARGS  # noqa: F401  (the browser fixture launches with these)
from tests.factories import RegulationArticleFactory, UserFactory
from tests.rounds.factories import InspectionTeamFactory, ModuleFactory, TeamMemberFactory, TrackFactory, add_lessons

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE_WIDTH = 375


def _log_in(page, base_url: str, next_path: str, username: str) -> None:
    page.goto(base_url + next_path)
    assert "/accounts/login/" in page.url
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-for-tests")
    page.click("form.stacked-form button[type=submit]")
    enter_second_factor_in_browser(page, username)  # staff (the office manager) pass the second factor
    page.wait_for_url(re.compile(re.escape(next_path) + "$"))


def _round_with_a_trainee():
    track = TrackFactory(name="岗前培训（浏览器）")
    first = ModuleFactory(track=track, title="条例与规程", sort_order=1)
    second = ModuleFactory(track=track, title="个别谈话", sort_order=2)
    second.prerequisites.set([first])
    second.save()
    [lesson] = add_lessons(first)
    article = RegulationArticleFactory()
    lesson.title = "巡察是什么（浏览器）"
    lesson.body = [
        ("text", "<p>巡察是政治监督，不替代纪律审查。</p>"),
        ("article", {"article": article, "note": "注意巡察组的权限边界。"}),
    ]
    lesson.save_revision().publish()
    add_lessons(second)
    team = InspectionTeamFactory(round__track=track, round__name="第九轮巡察（浏览器）", name="第一巡察组")
    trainee = UserFactory(username="phone-trainee", first_name="手机学员", role=roles.TRAINEE)
    TeamMemberFactory(team=team, user=trainee)
    TeamMemberFactory(team=team, user=UserFactory(username="other-member", role=roles.TRAINEE))
    manager = UserFactory(username="office-manager", role=roles.EDITOR)
    authenticator_of(manager)
    team.round.managers.set([manager])
    team.round.save()
    return team.round, lesson, trainee


def _trainee_row(office):
    return office.locator("[data-testid=member]", has_text="phone-trainee")


def test_a_trainee_finishes_a_module_on_a_phone_and_the_dashboard_shows_it(live_server, browser):
    from django.db import connections

    round_, lesson, trainee = _round_with_a_trainee()
    dashboard = f"/rounds/{round_.pk}/"

    office_context = browser.new_context(viewport={"width": 1280, "height": 800})
    office = office_context.new_page()
    _log_in(office, live_server.url, dashboard, "office-manager")
    row = _trainee_row(office)
    assert "state-not_started" in row.locator("[data-testid=state]").get_attribute("class")
    assert "complete" not in (row.locator(".mini-bars li").first.get_attribute("class") or "")

    phone_context = browser.new_context(viewport={"width": PHONE_WIDTH, "height": 740}, device_scale_factor=2)
    phone = phone_context.new_page()
    _log_in(phone, live_server.url, "/learning/", "phone-trainee")
    card = phone.locator("[data-testid=round]")
    assert round_.name in card.inner_text()
    assert "state-not_started" in card.locator("[data-testid=state]").get_attribute("class")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH

    # The next step is the first module's lesson.
    card.locator(".next-step a").click()
    phone.wait_for_url(re.compile(re.escape(lesson.url) + "$"))
    assert phone.locator("h1").inner_text() == lesson.title
    assert phone.locator(".lesson-article").count() == 1
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    button = phone.locator(".actions form button[type=submit]")
    assert button.bounding_box()["height"] >= 44, "a thumb-sized button"
    button.click()
    phone.wait_for_selector("[data-testid=done]")

    phone.goto(live_server.url + "/learning/")
    modules = phone.locator("[data-testid=round] .module-list > li")
    assert "complete" in modules.nth(0).get_attribute("class")
    assert "complete" not in modules.nth(1).get_attribute("class")
    assert "state-in_progress" in phone.locator("[data-testid=round] [data-testid=state]").get_attribute("class")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH

    # The office reloads the dashboard: the trainee is now studying, with the first module complete.
    office.reload()
    row = _trainee_row(office)
    assert "state-in_progress" in row.locator("[data-testid=state]").get_attribute("class")
    assert "complete" in row.locator(".mini-bars li").first.get_attribute("class")
    other = office.locator("[data-testid=member]", has_text="other-member")
    assert "state-not_started" in other.locator("[data-testid=state]").get_attribute("class")

    phone_context.close()
    office_context.close()
    assert CompletionRecord.objects.filter(user=trainee, kind=ItemKind.LESSON, item_id=lesson.pk).count() == 1
    connections.close_all()
