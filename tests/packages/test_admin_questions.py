"""Imported questions wait outside quiz draws until a reviewer lets them in from the packages page."""

import html

import pytest
from django.urls import reverse

from packages.models import ImportedItem
from quizzes.models import Question
from tests.factories import client_for
from tests.packages.sending import Offices
from tests.quizzes.factories import QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported_question():
    offices = Offices()
    question = QuestionFactory(stem="示例：巡察组进驻后应当首先做什么？")
    offices.receive(offices.export([("question", question.pk)]))
    return Question.objects.get(pk=ImportedItem.objects.get(origin_key=f"question:{question.pk}").object_id)


def test_an_editor_sees_the_question_waiting_but_cannot_let_it_in(imported_question, editor):
    client = client_for(editor)
    body = html.unescape(client.get(reverse("packages:index")).content.decode())
    assert "暂不参与抽题" in body and 'name="question"' not in body

    response = client.post(reverse("packages:release_questions"), {"question": [imported_question.pk]})

    assert response.status_code in (302, 403)
    imported_question.refresh_from_db()
    assert imported_question.withheld_from_draws


def test_a_reviewer_lets_the_question_into_draws(imported_question, reviewer):
    client = client_for(reviewer)
    body = html.unescape(client.get(reverse("packages:index")).content.decode())
    assert f'name="question" value="{imported_question.pk}"' in body

    response = client.post(reverse("packages:release_questions"), {"question": [imported_question.pk]}, follow=True)

    assert "已有 1 道题目参与抽题" in html.unescape(response.content.decode())
    imported_question.refresh_from_db()
    assert not imported_question.withheld_from_draws
    body = html.unescape(client.get(reverse("packages:index")).content.decode())
    assert 'name="question"' not in body


def test_a_question_that_was_not_imported_is_not_released(reviewer):
    question = QuestionFactory(withheld_from_draws=True)
    client_for(reviewer).post(reverse("packages:release_questions"), {"question": [question.pk]})
    question.refresh_from_db()
    assert question.withheld_from_draws
