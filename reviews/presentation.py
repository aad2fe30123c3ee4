"""What a question card shows after it was answered: right or wrong, the key and the explanation; no points."""

from quizzes.api import ReviewOptions

FEEDBACK_OPTIONS = ReviewOptions(score=False, correctness=True, answers=True, explanations=True)
