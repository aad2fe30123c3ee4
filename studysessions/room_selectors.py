"""Reads of the room: the tiny state the phones poll, the step on screen, the live question, its answers."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime

from django.core.cache import cache
from django.utils.translation import pgettext

from quizzes.models import AttemptAnswer, Question, QuestionKind
from quizzes.scoring import AnswerKey, score
from studysessions.agenda.selectors import Step, agenda_steps, session_quiz
from studysessions.models import StudySession

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# The kinds a phone answers in the room; fill-in-the-blank and essays go to the attempt page.
ROOM_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.TRUE_FALSE)

_STATE_FIELDS = ("live_version", "current_step", "live_question_id", "live_revealed", "opened_at", "closed_at")


def room_state(*, series_id: int, slot_start: datetime) -> dict:
    """What the phones poll every 2 s: one indexed query on the evening's row, no steps, no templates."""
    row = StudySession.objects.filter(series_id=series_id, slot_start=slot_start).values(*_STATE_FIELDS).first()
    if row is None:
        return {"version": 0, "step": 0, "question": None, "revealed": False, "opened": False, "closed": False}
    return {
        "version": row["live_version"],
        "step": row["current_step"],
        "question": row["live_question_id"],
        "revealed": row["live_revealed"],
        "opened": row["opened_at"] is not None,
        "closed": row["closed_at"] is not None,
    }


@dataclass(frozen=True)
class Option:
    value: str  # what the form posts: a choice id, or "true"/"false"
    letter: str
    text: str
    correct: bool


@dataclass(frozen=True)
class Bar:
    option: Option
    count: int
    percent: int  # of the people who answered; several per person for a multiple-choice question


@dataclass
class LiveQuestion:
    question: Question
    options: list[Option]
    answerable_here: bool  # False: fill-in-the-blank or essay, answered on the attempt page
    bars: list[Bar] = field(default_factory=list)
    answered: int = 0  # how many people answered (filled when revealed)


@dataclass
class RoomView:
    """What the projector and the phones show of the evening right now."""

    session: StudySession
    steps: list[Step]
    step: Step | None
    live: LiveQuestion | None

    @property
    def number(self) -> int:
        return self.step.index + 1 if self.step else 0

    @property
    def total(self) -> int:
        return len(self.steps)

    @property
    def is_first(self) -> bool:
        return self.number <= 1

    @property
    def is_last(self) -> bool:
        return self.number >= self.total

    @property
    def live_on_screen(self) -> bool:
        """The open question is the step on screen: show its stem once."""
        return self.live is not None and self.step is not None and self.step.question_id == self.live.question.pk

    @property
    def can_open_question(self) -> bool:
        return self.step is not None and self.step.question_id is not None and self.live is None


# The screen only changes with live_version (answers close when revealed) or with the agenda: when the
# room moves, 60 phones ask for the new step within a second, and one of them per worker builds it.
ROOM_CACHE_SECONDS = 600


def room_view(*, session: StudySession, with_distribution: bool | None = None) -> RoomView:
    """The step on screen and the open question; the answer distribution once revealed (or when asked)."""
    if with_distribution is not None:
        return _build_room_view(session=session, with_distribution=with_distribution)
    key = f"studysessions:room:{session.pk}:{session.live_version}:{_agenda_digest(session)}"
    view = cache.get(key)
    if view is None:
        view = _build_room_view(session=session, with_distribution=None)
        cache.set(key, view, ROOM_CACHE_SECONDS)
    # The row as read for this request (closed_at, opened_at), not the one the cached view was built from.
    view.session = session
    return view


def _agenda_digest(session: StudySession) -> str:
    raw = json.dumps(list(session.agenda.raw_data), sort_keys=True, default=str)
    return hashlib.blake2b(raw.encode(), digest_size=8).hexdigest()


def _build_room_view(*, session: StudySession, with_distribution: bool | None) -> RoomView:
    steps = agenda_steps(session)
    step = steps[min(session.current_step, len(steps) - 1)] if steps else None
    live = None
    if session.live_question_id is not None:
        live = live_question(question_id=session.live_question_id)
        if live is not None and (session.live_revealed if with_distribution is None else with_distribution):
            _fill_distribution(live, session=session)
    return RoomView(session=session, steps=steps, step=step, live=live)


def live_question(*, question_id: int) -> LiveQuestion | None:
    question = Question.objects.filter(pk=question_id).prefetch_related("choices").first()
    if question is None:
        return None
    return LiveQuestion(question=question, options=options_for(question), answerable_here=question.kind in ROOM_KINDS)


def options_for(question: Question) -> list[Option]:
    """Options in the order they were entered, the same letters on the projector and on every phone."""
    if question.kind == QuestionKind.TRUE_FALSE:
        return [
            Option("true", "A", pgettext("true/false answer", "True"), question.true_false_answer is True),
            Option("false", "B", pgettext("true/false answer", "False"), question.true_false_answer is False),
        ]
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        return [
            Option(str(c.pk), LETTERS[i % len(LETTERS)], c.text, c.is_correct)
            for i, c in enumerate(question.choices.all())
        ]
    return []


def _evening_answers(*, session: StudySession, question_id: int):
    """Answers to the question in the evening's quiz given while the room was open."""
    quiz = session_quiz(session)
    if quiz is None or session.opened_at is None:
        return AttemptAnswer.objects.none()
    answers = AttemptAnswer.objects.filter(
        attempt__quiz=quiz, question_id=question_id, answered_at__gte=session.opened_at
    )
    if session.closed_at is not None:
        answers = answers.filter(answered_at__lte=session.closed_at)
    return answers


def _fill_distribution(live: LiveQuestion, *, session: StudySession) -> None:
    counts = {option.value: 0 for option in live.options}
    answered = 0
    for response in _evening_answers(session=session, question_id=live.question.pk).values_list("response", flat=True):
        answered += 1
        for value in _chosen_values(response):
            if value in counts:
                counts[value] += 1
    live.answered = answered
    live.bars = [
        Bar(option=o, count=counts[o.value], percent=round(100 * counts[o.value] / answered) if answered else 0)
        for o in live.options
    ]


def _chosen_values(response: dict | None) -> list[str]:
    if not response:
        return []
    if "choices" in response:
        return [str(pk) for pk in response["choices"]]
    if response.get("value") is not None:
        return ["true" if response["value"] else "false"]
    return []


@dataclass(frozen=True)
class MyAnswer:
    letters: str
    correct: bool | None  # None for an essay, decided by a marker


def my_live_answer(*, session: StudySession, user, live: LiveQuestion | None) -> MyAnswer | None:
    """The participant's own answer to the open question this evening, if they gave one."""
    if live is None:
        return None
    answer = (
        _evening_answers(session=session, question_id=live.question.pk)
        .filter(attempt__user=user)
        .order_by("-answered_at")
        .first()
    )
    if answer is None:
        return None
    chosen = set(_chosen_values(answer.response))
    letters = "".join(o.letter for o in live.options if o.value in chosen)
    _, correct = score(AnswerKey.for_question(live.question), answer.response)
    return MyAnswer(letters=letters, correct=correct)
