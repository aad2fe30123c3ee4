"""A trainee plays a demo scenario to its end on a 375 px phone without JavaScript: the lead form, big choices,
the consequence after each choice, and the summary at the good ending."""

import re

import pytest

from core import roles
from fixtures.scenarios_loader import load_demo_scenarios
from scenarios.models import ScenarioPage, ScenarioRun
from tests.factories import RegulationArticleFactory, RegulationIndexPageFactory, RegulationPageFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _choose(page, label_start: str) -> None:
    page.locator("button.choice-button", has_text=label_start).click()
    page.wait_for_load_state()


def test_play_the_lead_scenario_to_the_good_ending_on_a_phone(live_server, browser):
    from django.db import connections

    UserFactory(username="scenario-trainee", role=roles.TRAINEE)
    edition = RegulationPageFactory(parent=RegulationIndexPageFactory())
    for number in range(1, 47):
        RegulationArticleFactory(regulation=edition, number=number)
    load_demo_scenarios(regulation=edition)
    scenario = ScenarioPage.objects.get(slug="lead-arrives")

    context = browser.new_context(viewport={"width": 375, "height": 740}, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + scenario.url)
    page.fill("#id_username", "scenario-trainee")
    page.fill("#id_password", "pw-for-tests")
    page.click("form.stacked-form button[type=submit]")
    page.wait_for_url(re.compile(re.escape(scenario.url) + "$"))

    page.click("[data-testid=start]")
    page.wait_for_url(re.compile(r"/scenarios/runs/\d+/$"))
    buttons = page.locator("button.choice-button").all()
    assert len(buttons) == 3 and all(b.bounding_box()["height"] >= 44 for b in buttons)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    _choose(page, "请他坐下")

    # The consequence of the last choice, then the 线索登记 step with its notice and form.
    assert "补充了沟渠的大致位置" in page.locator("[data-testid=consequence]").inner_text()
    assert page.locator("[data-testid=training-material-notice]").is_visible()
    _choose(page, "当天把登记表")  # nothing filled in: refused, in Chinese
    assert "请填写“线索来源”" in page.locator("main").inner_text()
    page.select_option("#id_source", "petition")
    page.fill("#id_subject", "某镇干部甲（化名）")
    page.fill("#id_problem", "反映验收中收受好处（练习）。")
    page.select_option("#id_category", "integrity")
    page.locator("label.option", has_text="有一定可查性").click()
    page.locator("label.option", has_text="继续了解").click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    _choose(page, "当天把登记表")

    for label in ("继续了解", "调阅项目验收单", "两人在场拍照", "写进问题线索清单"):
        assert "当天把登记表" not in page.locator("[data-testid=step]").inner_text()
        _choose(page, label)

    ending = page.locator("[data-testid=ending]").inner_text()
    assert "顺利完成" in ending and "60 分" in ending
    assert page.locator("[data-testid=path] li").count() == 6
    assert "调阅项目验收单" in page.locator("[data-testid=best-choices]").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()

    run = ScenarioRun.objects.get()
    assert run.completed and run.score == 60
    assert run.steps.get(step_key="register").lead["disposition"] == "keep_learning"
    connections.close_all()
