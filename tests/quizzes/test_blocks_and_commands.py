"""The quiz block a page embeds, and the command that closes attempts nobody came back to."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone

from quizzes import services
from quizzes.blocks import QuizBlock
from quizzes.models import CloseReason
from tests.quizzes.factories import QuestionFactory, QuizFactory

pytestmark = pytest.mark.django_db


def render_block(quiz, user) -> str:
    block = QuizBlock()
    request = RequestFactory().get("/")
    request.user = user
    return block.render(block.to_python({"quiz": quiz.pk, "intro": "学完本课后做这个小测。"}), {"request": request})


def test_block_links_to_the_quiz_and_shows_its_rules(trainee):
    quiz = QuizFactory(title="个别谈话小测", questions=[QuestionFactory(), QuestionFactory()], time_limit_minutes=10)
    html = render_block(quiz, trainee)
    assert "个别谈话小测" in html and "学完本课后做这个小测。" in html
    assert quiz.get_absolute_url() in html
    assert "10 分钟" in html and "2 道题" in html


def test_block_hides_a_draft_from_trainees(trainee, editor):
    quiz = QuizFactory(title="未发布的小测", is_draft=True, questions=[QuestionFactory()])
    assert "未发布的小测" not in render_block(quiz, trainee)
    assert "未发布的小测" in render_block(quiz, editor)


def test_command_closes_attempts_past_their_deadline(trainee):
    quiz = QuizFactory(questions=[QuestionFactory()], time_limit_minutes=5)
    attempt = services.start_attempt(quiz=quiz, user=trainee, now=timezone.now() - timedelta(minutes=6))
    out = StringIO()
    call_command("close_expired_attempts", stdout=out)
    attempt.refresh_from_db()
    assert attempt.close_reason == CloseReason.DEADLINE
    assert "closed 1" in out.getvalue()
