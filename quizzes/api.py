"""What other apps may ask the quizzes app. Keep it small and stable; plain values and this app's own models.

- readiness: ``quiz_standings`` (passed, failed, awaiting marking, per person and quiz);
- study sessions: attempts of an evening's quiz (``start_attempt``, ``save_answer``, ``submit_open_attempts``),
  the live question (``question_for_room``, ``options_for``, ``tally``, ``given_answer``), make-ups (``has_passed``);
- review queue: practice answers (``score_practice_answer``, ``answered_view``, ``practice_view``), the
  ``questions_missed`` event, and ``note_review_answer`` back into the wrong-answer book;
- courses: ``QuizBlock`` for lessons.
"""

from quizzes.blocks import QuizBlock
from quizzes.citations import citations_of, repoint, withheld_question_ids, withhold_questions
from quizzes.events import questions_missed
from quizzes.forms import raw_answer
from quizzes.live import (
    AnswerWindow,
    GivenAnswer,
    Option,
    Tally,
    answer_given,
    answerable_by_tap,
    given_answer,
    options_for,
    position_in_attempt,
    question_for_room,
    submit_open_attempts,
    tally,
)
from quizzes.marking_queues import MarkingQueue, register_marking_queue
from quizzes.practice import (
    PracticeAnswer,
    answered_view,
    practice_question,
    reviewable_question_ids,
    score_practice_answer,
)
from quizzes.presentation import practice_view
from quizzes.selectors import QuizStanding, ReviewOptions, graded_attempt, has_passed, quiz_standings
from quizzes.selectors import personal_records as personal_records
from quizzes.selectors import set_attempt_window as set_attempt_window
from quizzes.selectors import set_result_scope as set_result_scope
from quizzes.services import QuizError, note_review_answer, save_answer, start_attempt, submit_attempt
from quizzes.services import anonymise_person_data as anonymise_person_data

__all__ = [
    "AnswerWindow",
    "GivenAnswer",
    "Option",
    "PracticeAnswer",
    "QuizBlock",
    "QuizError",
    "QuizStanding",
    "ReviewOptions",
    "Tally",
    "anonymise_person_data",
    "answer_given",
    "answerable_by_tap",
    "answered_view",
    "given_answer",
    "graded_attempt",
    "has_passed",
    "note_review_answer",
    "options_for",
    "personal_records",
    "position_in_attempt",
    "practice_question",
    "practice_view",
    "question_for_room",
    "questions_missed",
    "quiz_standings",
    "raw_answer",
    "reviewable_question_ids",
    "save_answer",
    "score_practice_answer",
    "set_attempt_window",
    "set_result_scope",
    "start_attempt",
    "submit_attempt",
    "submit_open_attempts",
    "tally",
]
__all__ += ["citations_of", "repoint", "withheld_question_ids", "withhold_questions"]  # revision_impact
__all__ += ["MarkingQueue", "register_marking_queue"]  # marking queues of apps above (drills)
from quizzes.models import Attempt, AttemptStatus  # noqa: E402  (talent: best score per quiz)

__all__ += ["Attempt", "AttemptStatus"]
