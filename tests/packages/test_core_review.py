"""Imported questions wait outside quiz draws until a reviewer here lets them in."""

import pytest

from core.roles import REVIEWER
from packages.models import ImportedItem
from packages.reviewing import ReviewError, release_questions, waiting_question_ids
from quizzes.models import Question
from tests.factories import UserFactory
from tests.packages.sending import Offices
from tests.quizzes.factories import QuestionFactory

pytestmark = pytest.mark.django_db


def test_a_reviewer_lets_imported_questions_into_draws_and_an_editor_cannot():
    source = QuestionFactory()
    offices = Offices()
    offices.receive(offices.export([("question", source.pk)]))
    local = ImportedItem.objects.get().object_id
    assert waiting_question_ids(question_ids=[local]) == {local}

    with pytest.raises(ReviewError):
        release_questions(question_ids=[local], reviewer=offices.importer)
    assert release_questions(question_ids=[local], reviewer=UserFactory(role=REVIEWER)) == 1

    assert not Question.objects.get(pk=local).withheld_from_draws


def test_only_imported_questions_are_released_here():
    withheld = QuestionFactory(withheld_from_draws=True)  # withheld by a revision's impact list, not an import

    with pytest.raises(ReviewError):
        release_questions(question_ids=[withheld.pk], reviewer=UserFactory(role=REVIEWER))

    assert Question.objects.get(pk=withheld.pk).withheld_from_draws
