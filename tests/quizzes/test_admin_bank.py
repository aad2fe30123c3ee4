"""Editors build the bank and quizzes in the Wagtail admin; the question form checks the answer key."""

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from quizzes.models import Question
from tests.quizzes.factories import QuestionCategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(editor) -> Client:
    client = Client()
    client.force_login(editor)
    return client


def question_data(category, choices, kind="single"):
    data = nested_form_data(
        {
            "kind": kind,
            "stem": "巡察组发现问题线索后应当怎么做？",
            "points": 2,
            "scoring": "all",
            "choice_order": "content",
            "true_false_answer": "",
            "explanation": "按规定移交。",
            "choices": inline_formset([{"text": text, "is_correct": correct} for text, correct in choices]),
            "blanks": inline_formset([]),
        }
    )
    data["categories"] = [str(category.pk)]
    return data


def test_editor_adds_a_question_with_its_options(editor_client):
    category = QuestionCategoryFactory()
    data = question_data(category, [("按规定移交", True), ("自行查处", False)])
    response = editor_client.post(reverse("wagtailsnippets_quizzes_question:add"), data)
    assert response.status_code == 302, response.context["form"].errors
    question = Question.objects.get()
    assert [(c.text, c.is_correct) for c in question.choices.all()] == [("按规定移交", True), ("自行查处", False)]


def test_a_single_choice_question_with_two_correct_options_is_refused(editor_client):
    category = QuestionCategoryFactory()
    data = question_data(category, [("按规定移交", True), ("自行查处", True)])
    response = editor_client.post(reverse("wagtailsnippets_quizzes_question:add"), data)
    assert response.status_code == 200
    assert "单选题需要恰好一个正确选项" in response.content.decode()
    assert not Question.objects.exists()


def test_admin_pages_of_the_bank_open_for_editors(editor_client):
    for name in ("wagtailsnippets_quizzes_quiz:add", "wagtailsnippets_quizzes_question:list", "quizzes_reports"):
        response = editor_client.get(reverse(name))
        assert response.status_code == 200, name
