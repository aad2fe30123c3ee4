"""A question answered outside any attempt (the review queue): scored and shown with feedback, nothing saved.

The review queue knows a question only by id; the answer's shape, the key and the scoring stay here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from quizzes.models import AttemptAnswer, Question, QuestionKind
from quizzes.presentation import QuestionView, question_view
from quizzes.scoring import AnswerKey, clean_response, score
from quizzes.selectors import cited_articles


@dataclass(frozen=True)
class PracticeAnswer:
    question: Question
    #: None when nothing was chosen or written.
    response: dict | None
    correct: bool
    #: Essays are marked by a person: no right or wrong here.
    marked_by_person: bool

    @property
    def given(self) -> bool:
        return self.response is not None


def practice_question(*, question_id: int) -> Question:
    """The question with its choices and blanks, for showing or scoring it. Raises Question.DoesNotExist."""
    return Question.objects.prefetch_related("choices", "blanks", cited_articles()).get(pk=question_id)


def score_practice_answer(*, question: Question, raw: dict | None) -> PracticeAnswer:
    if question.kind == QuestionKind.ESSAY:
        return PracticeAnswer(question=question, response=None, correct=False, marked_by_person=True)
    response = clean_response(AnswerKey.for_question(question), raw)
    if response is None:
        return PracticeAnswer(question=question, response=None, correct=False, marked_by_person=False)
    _points, correct = score(AnswerKey.for_question(question), response)
    return PracticeAnswer(question=question, response=response, correct=bool(correct), marked_by_person=False)


def answered_view(*, question: Question, raw: dict | None, correct: bool) -> QuestionView:
    """The question with the person's answer marked, from a question whose choices and blanks are prefetched."""
    answer = AttemptAnswer(
        question=question,
        choice_order=[c.pk for c in question.choices.all()],
        response=clean_response(AnswerKey.for_question(question), raw),
        is_correct=correct,
        answered_at=timezone.now(),
        locked=True,
    )
    return question_view(answer)


def reviewable_question_ids(*, question_ids: list[int]) -> list[int]:
    """Those of these questions that exist and are scored automatically (a marker scores essays)."""
    return list(
        Question.objects.filter(pk__in=question_ids).exclude(kind=QuestionKind.ESSAY).values_list("pk", flat=True)
    )
