"""What other apps may ask the quizzes app (readiness, study sessions). Keep it small and stable."""

from quizzes.selectors import graded_attempt, has_passed, pick_graded
from quizzes.services import QuizError, note_review_answer, save_answer, start_attempt, submit_attempt

__all__ = [
    "QuizError",
    "graded_attempt",
    "has_passed",
    "note_review_answer",
    "pick_graded",
    "save_answer",
    "start_attempt",
    "submit_attempt",
]
