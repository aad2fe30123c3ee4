"""What a question card shows after it was answered: the taker's choice marked, and the feedback."""

from django.utils import timezone

from quizzes.models import AttemptAnswer
from quizzes.presentation import QuestionView, question_view
from quizzes.scoring import AnswerKey, clean_response
from quizzes.selectors import ReviewOptions

#: After answering in the review queue the person sees right/wrong, the key and the explanation; no points.
FEEDBACK_OPTIONS = ReviewOptions(score=False, correctness=True, answers=True, explanations=True)


def answered_view(*, question, raw: dict | None, correct: bool) -> QuestionView:
    """Build from a question whose choices and blanks are prefetched; nothing is saved."""
    answer = AttemptAnswer(
        question=question,
        choice_order=[c.pk for c in question.choices.all()],
        response=clean_response(AnswerKey.for_question(question), raw),
        is_correct=correct,
        answered_at=timezone.now(),
        locked=True,
    )
    return question_view(answer)
