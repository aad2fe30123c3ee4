"""A question put to a room (the evening study's projector and phones): its options lettered the same way
everywhere, the room's answers tallied, one person's answer read back. The answer's stored shape and the
lettering are this app's: the room asks here and never reads a response itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from quizzes.models import Attempt, AttemptAnswer, AttemptStatus, Question, QuestionKind
from quizzes.presentation import option_letter, true_false_labels
from quizzes.scoring import AnswerKey, score
from quizzes.services import submit_attempt

#: The kinds answered with a tap on a phone; fill-in-the-blank and essays go to the attempt page.
TAP_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.TRUE_FALSE)


@dataclass(frozen=True)
class Option:
    value: str  # what the form posts: a choice id, or "true"/"false"
    letter: str
    text: str
    correct: bool


@dataclass(frozen=True)
class AnswerWindow:
    """Answers to one question in one quiz given between two moments (``until`` None: still open)."""

    quiz_id: int
    question_id: int
    since: datetime
    until: datetime | None = None


@dataclass(frozen=True)
class Tally:
    answered: int
    #: option value → how many chose it (several per person for a multiple-choice question).
    counts: dict[str, int]


@dataclass(frozen=True)
class GivenAnswer:
    letters: str
    correct: bool | None  # None for an essay, decided by a marker


def question_for_room(*, question_id: int) -> Question | None:
    return Question.objects.filter(pk=question_id).prefetch_related("choices").first()


def answerable_by_tap(question: Question) -> bool:
    return question.kind in TAP_KINDS


def options_for(question: Question) -> list[Option]:
    """Options in the order they were entered, the same letters on the projector and on every phone."""
    if question.kind == QuestionKind.TRUE_FALSE:
        true, false = true_false_labels()
        return [
            Option("true", option_letter(0), true, question.true_false_answer is True),
            Option("false", option_letter(1), false, question.true_false_answer is False),
        ]
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        return [Option(str(c.pk), option_letter(i), c.text, c.is_correct) for i, c in enumerate(question.choices.all())]
    return []


def _answers(window: AnswerWindow):
    answers = AttemptAnswer.objects.filter(
        attempt__quiz_id=window.quiz_id, question_id=window.question_id, answered_at__gte=window.since
    )
    if window.until is not None:
        answers = answers.filter(answered_at__lte=window.until)
    return answers


def chosen_values(response: dict | None) -> list[str]:
    """The option values a stored response chose, as ``Option.value``."""
    if not response:
        return []
    if "choices" in response:
        return [str(pk) for pk in response["choices"]]
    if response.get("value") is not None:
        return ["true" if response["value"] else "false"]
    return []


def tally(*, window: AnswerWindow, options: list[Option]) -> Tally:
    counts = {option.value: 0 for option in options}
    answered = 0
    for response in _answers(window).values_list("response", flat=True):
        answered += 1
        for value in chosen_values(response):
            if value in counts:
                counts[value] += 1
    return Tally(answered=answered, counts=counts)


def given_answer(*, window: AnswerWindow, user, question: Question, options: list[Option]) -> GivenAnswer | None:
    """The person's latest answer in the window, lettered as the room shows it; None if they gave none."""
    answer = _answers(window).filter(attempt__user=user).order_by("-answered_at").first()
    if answer is None:
        return None
    chosen = set(chosen_values(answer.response))
    _, correct = score(AnswerKey.for_question(question), answer.response)
    return GivenAnswer(letters="".join(o.letter for o in options if o.value in chosen), correct=correct)


def answer_given(raw: dict | None) -> bool:
    """Whether a raw form answer (``raw_answer``) chose or wrote anything."""
    if not raw:
        return False
    if "choices" in raw:
        return bool(raw["choices"])
    if "value" in raw:
        return raw["value"] in ("true", "false")
    if "blanks" in raw:
        return any(b.strip() for b in raw["blanks"])
    return bool(raw.get("text", "").strip())


def position_in_attempt(*, attempt: Attempt, question_id: int) -> tuple[int, str] | None:
    """Where the question sits in the attempt and its kind; None when the attempt does not hold it."""
    row = attempt.answers.filter(question_id=question_id).values_list("position", "question__kind").first()
    return (row[0], row[1]) if row else None


def submit_open_attempts(*, quiz_id: int, started_from: datetime, started_until: datetime, now: datetime) -> int:
    """Submit and score the attempts of the quiz begun in this window and still open. Returns how many."""
    started = Attempt.objects.filter(
        quiz_id=quiz_id, status=AttemptStatus.IN_PROGRESS, started_at__gte=started_from, started_at__lte=started_until
    )
    count = 0
    for attempt in started:
        submit_attempt(attempt=attempt, now=now)
        count += 1
    return count
