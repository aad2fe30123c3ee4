"""A trainee takes a quiz on a phone without JavaScript, loses the connection halfway, resumes and passes."""

import re

import pytest

from core import roles
from quizzes.models import Attempt, AttemptStatus, QuestionKind
from tests.e2e.conftest import CHROMIUM_ARGS  # noqa: F401  (the browser fixture launches with these)
from tests.factories import UserFactory
from tests.quizzes.factories import QuestionFactory, QuizFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _phone_without_js(browser):
    context = browser.new_context(viewport={"width": 375, "height": 740}, java_script_enabled=False)
    return context, context.new_page()


def _log_in(page, base_url: str, next_path: str) -> None:
    page.goto(base_url + next_path)
    page.fill("#id_username", "quiz-trainee")
    page.fill("#id_password", "pw-for-tests")
    page.click("form.stacked-form button[type=submit]")
    page.wait_for_url(re.compile(re.escape(next_path) + "$"))


def _answer_current_question(page) -> None:
    """Pick the option whose text says it is right, or fill the blank, then save and go on."""
    if page.locator("input[name=blank]").count():
        page.fill("input[name=blank]", "一把手")
    else:
        page.locator("label.option", has_text="正确").first.click()
    page.click("button[name=go][value=next]")


def test_take_drop_resume_and_pass_on_a_phone(live_server, browser):
    from django.db import connections

    UserFactory(username="quiz-trainee", role=roles.TRAINEE)
    quiz = QuizFactory(
        title="岗前测试（浏览器）",
        slug="phone-exam",
        pass_mark=80,
        success_text="可以参加个别谈话。",
        questions=[
            QuestionFactory(stem="第一题：单选"),
            QuestionFactory(kind=QuestionKind.TRUE_FALSE, stem="第二题：判断", true_false_answer=True),
            QuestionFactory(
                kind=QuestionKind.FILL_BLANK, stem="第三题：党组织____是第一责任人。", blanks=["书记|一把手"]
            ),
            QuestionFactory(kind=QuestionKind.MULTIPLE, stem="第四题：多选"),
        ],
    )

    context, page = _phone_without_js(browser)
    _log_in(page, live_server.url, quiz.get_absolute_url())
    page.click("button.big")
    page.wait_for_url(re.compile(r"/attempts/\d+/1/$"))
    assert "第 1 题 / 共 4 题" in page.locator("[data-testid=progress]").inner_text()
    # Large tap targets: every option is at least 44 px high.
    assert all(box["height"] >= 44 for box in (o.bounding_box() for o in page.locator("label.option").all()))
    _answer_current_question(page)
    page.wait_for_url(re.compile(r"/attempts/\d+/2/$"))
    _answer_current_question(page)
    page.wait_for_url(re.compile(r"/attempts/\d+/3/$"))
    # The connection drops: the phone closes the browser before answering question 3.
    context.close()

    context, page = _phone_without_js(browser)
    _log_in(page, live_server.url, quiz.get_absolute_url())
    page.click("button.big")  # 继续作答
    page.wait_for_url(re.compile(r"/attempts/\d+/3/$"))
    _answer_current_question(page)
    page.wait_for_url(re.compile(r"/attempts/\d+/4/$"))
    # Tick both correct options of the multiple-choice question.
    for label in page.locator("label.option", has_text="正确").all():
        label.click()
    page.click("button[name=go][value=next]")
    page.wait_for_url(re.compile(r"/submit/$"))
    assert "每道题都已作答" in page.locator("main").inner_text()
    page.click("form.actions button")
    page.wait_for_url(re.compile(r"/result/$"))
    result = page.locator("[data-testid=result]").inner_text()
    assert "100%" in result and "通过" in result and "可以参加个别谈话。" in result
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()

    attempt = Attempt.objects.get(quiz=quiz)
    assert attempt.status == AttemptStatus.COMPLETED and attempt.passed
    assert attempt.answers.filter(answered_at__isnull=False).count() == 4
    connections.close_all()
