"""A trainee on a 360 px phone: the commitments first, a locked lesson that says where to go, 我已学完 that
leads on, and an onboarding exam whose result says the auto-marked score and that the essay waits."""

import re

import pytest

from core import roles
from quizzes.models import QuestionKind
from tests.e2e.conftest import CHROMIUM_ARGS  # noqa: F401  (the browser fixture launches with these)
from tests.factories import UserFactory
from tests.quizzes.factories import QuestionFactory, QuizFactory
from tests.rounds.factories import InspectionTeamFactory, ModuleFactory, TeamMemberFactory, TrackFactory, add_lessons

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _track(trainee):
    track = TrackFactory()
    first = ModuleFactory(track=track, title="条例与规程", sort_order=1)
    second = ModuleFactory(track=track, title="个别谈话", sort_order=2)
    exam = QuizFactory(
        title="岗前测试（手机）",
        slug="phone-onboarding-exam",
        pass_mark=80,
        questions=[
            QuestionFactory(stem="第一题：单选", points=2),
            QuestionFactory(kind=QuestionKind.ESSAY, stem="第二题：简答", points=5),
        ],
    )
    last = ModuleFactory(
        track=track, title="纪律与回避", sort_order=3, quiz=exam, requires_confidentiality=True, requires_recusal=True
    )
    second.prerequisites.add(first)
    second.save()
    last.prerequisites.add(second)
    last.save()
    [lesson_one] = add_lessons(first)
    [lesson_two] = add_lessons(second)
    TeamMemberFactory(user=trainee, team=InspectionTeamFactory(round__track=track))
    return lesson_one, lesson_two, exam


def test_learning_path_and_exam_result_on_a_phone(live_server, browser):
    from django.db import connections

    trainee = UserFactory(username="path-trainee", role=roles.TRAINEE)
    lesson_one, lesson_two, exam = _track(trainee)
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        page.goto(live_server.url + "/learning/")
        page.fill("#id_username", "path-trainee")
        page.fill("#id_password", "pw-for-tests")
        page.click("form.stacked-form button[type=submit]")
        page.wait_for_url(re.compile(r"/learning/$"))

        # The commitments come before the modules, with their links, although their module is locked.
        commitments = page.locator("[data-testid=acknowledgements]")
        assert commitments.is_visible()
        assert commitments.locator("a").count() == 2
        first_module = page.locator(".module-list h3").first
        assert commitments.bounding_box()["y"] < first_module.bounding_box()["y"]

        # A locked lesson says why and leads to what comes first.
        page.goto(live_server.url + lesson_two.url)
        assert page.locator("[data-testid=lesson-locked]").is_visible()
        assert "请先完成《条例与规程》" in page.inner_text("main")
        page.click("[data-testid=lock-go]")
        page.wait_for_url(re.compile(re.escape(lesson_one.url) + "$"))

        # 我已学完, then one button to the next lesson, which is open now.
        page.click(".lesson-done form.inline-form button[type=submit]")
        page.wait_for_url(re.compile(re.escape(lesson_one.url) + "$"))
        assert page.locator("[data-testid=next-item]").count() == 1
        assert page.inner_text("[data-testid=next-item]") == f"下一课：《{lesson_two.title}》"
        page.click("[data-testid=next-item]")
        page.wait_for_url(re.compile(re.escape(lesson_two.url) + "$"))
        assert page.locator("[data-testid=lesson-locked]").count() == 0

        # The exam: one way to submit on the last question; the result gives the auto-marked score now.
        page.goto(live_server.url + exam.get_absolute_url())
        page.click("form.actions button.big")
        page.wait_for_url(re.compile(r"/attempts/\d+/1/$"))
        page.locator("label.option", has_text="正确选项").click()
        page.click("button[name=go][value=next]")
        page.wait_for_url(re.compile(r"/attempts/\d+/2/$"))
        assert page.locator("button[name=go][value=review]").count() == 0
        page.fill("#essay-text", "先核实线索来源，再约谈知情人。")
        page.click("button[name=go][value=next]")
        page.wait_for_url(re.compile(r"/attempts/\d+/submit/$"))
        page.click("form.actions button[type=submit]")
        page.wait_for_url(re.compile(r"/attempts/\d+/result/$"))
        assert "客观题得分 2 分（满分 2 分）" in page.inner_text("[data-testid=result]")
        assert "简答题待阅卷" in page.inner_text("[data-testid=pending-marking]")
        chosen = page.locator("label.option.is-chosen")
        assert chosen.count() == 1 and "你的选择" in chosen.inner_text()
        assert page.locator("label.option.is-wrong, label.option.is-correct").count() == 0
        # Nothing sideways on a 360 px screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        connections.close_all()
        context.close()
