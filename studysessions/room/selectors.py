"""Reads of the room: the tiny state the phones poll, the step on screen, the live question, its answers.

The question, its lettered options, the tally and a person's answer come from ``quizzes.api``: the answer's
stored shape and the lettering are the quizzes app's, the same on the projector and on every phone.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db.models import Count
from django.utils.html import strip_tags

from cases import api as cases_api
from drills import api as drills_api
from quizzes import api as quizzes_api
from quizzes.api import AnswerWindow, GivenAnswer, Option, Tally
from studysessions.agenda.selectors import Step, agenda_steps, is_drill_facts, is_drill_reveal, session_quiz
from studysessions.models import Attendance, AttendanceStatus, RoomDrillAnswer, StudySession
from studysessions.room.scenario import ScenarioPlay, scenario_play

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


def planned_end(session: StudySession) -> datetime | None:
    """When the evening will end: its actual start (the host's 开始) plus its planned length. None before 开始."""
    if session.opened_at is None:
        return None
    return session.opened_at + (session.ends_at - session.starts_at)


def seconds_left(*, session: StudySession, now: datetime) -> int | None:
    """Seconds until the planned end, never more than the planned length nor less than 0; None when the
    evening has not been started or is over."""
    end = planned_end(session)
    if end is None or session.closed_at is not None:
        return None
    length = session.ends_at - session.starts_at
    return int(max(timedelta(0), min(end - now, length)).total_seconds())


def clock_label(seconds: int) -> str:
    """1:05:09 from an hour on, 45:09 below it: what the projector's clock shows (room.js counts the same)."""
    hours, rest = divmod(max(0, seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


@dataclass(frozen=True)
class Bar:
    option: Option
    count: int
    percent: int  # of the people who answered; several per person for a multiple-choice question


@dataclass
class LiveQuestion:
    question: object  # the quiz question (quizzes.api.question_for_room): stem, kind
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
    #: A rehearsal (studysessions.rehearsal) shows its own step and question, never the evening's.
    rehearsal: object | None = None
    #: On a 定性 drill's reveal step: the room's answers by category.
    drill: DrillTally | None = None
    #: On a scenario drill's step: where the room is in it (studysessions.room.scenario).
    scenario: ScenarioPlay | None = None

    @property
    def answers_shown(self) -> bool:
        """The open question's answers are revealed (in the rehearsal when rehearsing)."""
        source = self.rehearsal if self.rehearsal is not None else self.session
        return bool(source.live_revealed)

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
    def density(self) -> str:
        """The projector's type size for what is on screen (room.css ``fit-*``)."""
        if self.scenario is not None:
            return fit_class(scenario_length(self.scenario))
        return step_density(self.step, self.live if self.live_on_screen else None)

    @property
    def drill_open(self) -> bool:
        """A 定性 drill's facts are on screen and its answers not yet revealed: phones answer now."""
        if not is_drill_facts(self.step):
            return False
        return self.rehearsal is not None or self.session.furthest_step <= self.step.index

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
    drill = None
    if is_drill_reveal(step) and with_distribution is not False:
        drill = drill_tally(session=session, step=step)
    play = scenario_play(session=session, step=step) if step is not None and step.kind == "scenario" else None
    return RoomView(session=session, steps=steps, step=step, live=live, drill=drill, scenario=play)


def live_question(*, question_id: int) -> LiveQuestion | None:
    question = quizzes_api.question_for_room(question_id=question_id)
    if question is None:
        return None
    return LiveQuestion(
        question=question,
        options=quizzes_api.options_for(question),
        answerable_here=quizzes_api.answerable_by_tap(question),
    )


def _evening_window(*, session: StudySession, question_id: int) -> AnswerWindow | None:
    """Answers to the question in the evening's quiz given while the room was open; None: there are none."""
    quiz = session_quiz(session)
    if quiz is None or session.opened_at is None:
        return None
    return AnswerWindow(quiz_id=quiz.pk, question_id=question_id, since=session.opened_at, until=session.closed_at)


def _fill_distribution(live: LiveQuestion, *, session: StudySession) -> None:
    window = _evening_window(session=session, question_id=live.question.pk)
    if window is None:
        counted = Tally(answered=0, counts={option.value: 0 for option in live.options})
    else:
        counted = quizzes_api.tally(window=window, options=live.options)
    answered, counts = counted.answered, counted.counts
    live.answered = answered
    live.bars = [
        Bar(option=o, count=counts[o.value], percent=round(100 * counts[o.value] / answered) if answered else 0)
        for o in live.options
    ]


def my_live_answer(*, session: StudySession, user, live: LiveQuestion | None) -> GivenAnswer | None:
    """The participant's own answer to the open question this evening, if they gave one."""
    if live is None:
        return None
    window = _evening_window(session=session, question_id=live.question.pk)
    if window is None:
        return None
    return quizzes_api.given_answer(window=window, user=user, question=live.question, options=live.options)


# --- 定性练习 in the room ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DrillBar:
    category: object  # cases.ProblemCategory
    count: int
    percent: int  # of the people who answered
    is_case: bool  # one of the case's own categories (or, for a top level, the parent of one)


@dataclass
class DrillRow:
    top: DrillBar
    subs: list[DrillBar] = field(default_factory=list)  # the sub-types someone chose or the case has


@dataclass
class DrillTally:
    answered: int
    rows: list[DrillRow]


def drill_tally(*, session: StudySession | None, step: Step) -> DrillTally:
    """The room's answers to the drill on ``step`` by top-level category (an answer of a sub-type counts for
    its top level too) and by sub-type, the case's categories marked. Two queries whatever the number of
    answers; ``session`` None (a rehearsal: phones do not answer) gives the empty distribution."""
    case_ids = {c.pk for c in step.context["categories"]}
    case_tops = {c.parent_id or c.pk for c in step.context["categories"]}
    counts: dict[int, int] = {}
    if session is not None:
        rows = (
            RoomDrillAnswer.objects.filter(session=session, item=step.item, case_id=step.context["case"].pk)
            .values("category_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
        counts = {row["category_id"]: row["n"] for row in rows}
    answered = sum(counts.values())

    def bar(category, count: int, is_case: bool) -> DrillBar:
        return DrillBar(category, count, round(100 * count / answered) if answered else 0, is_case)

    tally = []
    for branch in cases_api.category_tree():
        top_count = counts.get(branch.top.pk, 0) + sum(counts.get(c.pk, 0) for c in branch.children)
        subs = [
            bar(c, counts.get(c.pk, 0), c.pk in case_ids)
            for c in branch.children
            if counts.get(c.pk) or c.pk in case_ids
        ]
        tally.append(DrillRow(top=bar(branch.top, top_count, branch.top.pk in case_tops), subs=subs))
    return DrillTally(answered=answered, rows=tally)


@dataclass(frozen=True)
class MyDrillAnswer:
    category: object  # cases.ProblemCategory, with its parent
    result: str | None  # drills' exact / partial / wrong, once revealed


def my_drill_answer(*, session: StudySession, user, step: Step | None) -> MyDrillAnswer | None:
    """The participant's own answer to the drill on screen (facts or reveal step), scored once revealed."""
    if step is None or step.kind != "drill":
        return None
    answer = (
        RoomDrillAnswer.objects.filter(session=session, item=step.item, user=user, case_id=step.context["case"].pk)
        .select_related("category__parent")
        .first()
    )
    if answer is None:
        return None
    result = None
    if is_drill_reveal(step):
        categories = step.context["categories"]
        parent_of = {c.pk: c.parent_id for c in categories} | {answer.category_id: answer.category.parent_id}
        scored = drills_api.score_category(
            chosen_id=answer.category_id, case_category_ids=[c.pk for c in categories], parent_of=parent_of
        )
        result = str(scored.result)
    return MyDrillAnswer(category=answer.category, result=result)


def signed_in(*, session: StudySession, user) -> bool:
    """Signed in to the evening (present or late): who may answer a drill in the room."""
    attended = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)
    return Attendance.objects.filter(session=session, user=user, status__in=attended).exists()


def drill_categories() -> list:
    """The taxonomy for the phone's answer form (one query)."""
    return cases_api.category_tree()


# --- how much text a step holds, so the projector sizes its type to fit the screen ------------------

#: (largest number of characters, class): the projector's type for a step of that length (room.css).
DENSITIES = ((90, "fit-short"), (200, "fit-medium"), (420, "fit-long"))
DENSEST = "fit-dense"


def step_length(step: Step | None, live: LiveQuestion | None = None) -> int:
    """Characters of text the step puts on the screen (the open question's options included)."""
    if step is None:
        return 0
    c = step.context
    parts: list[str] = []
    if step.kind == "articles" and c.get("article") is not None:
        article = c["article"]
        parts += [str(getattr(article, "chapter", "") or ""), *map(str, getattr(article, "paragraphs", []) or [])]
    elif step.kind == "changes" and c.get("change") is not None:
        parts.append(strip_tags(c["change"].diff_html or ""))
    elif step.kind == "case" and c.get("case") is not None:
        parts += [c["case"].title, getattr(c["case"], "summary", "") or "", c.get("prompt", "")]
    elif step.kind == "guide":
        question = c.get("question")
        if question is not None:
            parts += [question.question, *getattr(question, "follow_up_list", [])]
        else:
            parts.append(strip_tags(str(c.get("html") or "")))
    elif step.kind == "discussion":
        parts += [str(q) for q in c.get("questions", [])]
    elif step.kind == "talk":
        parts += [c.get("topic", ""), c.get("notes", "")]
    elif step.kind == "drill" and c.get("case") is not None:
        parts.append(strip_tags(str(c["case"].facts or "")))
        if c.get("phase") == "reveal":
            parts += [c["case"].characterisation or "", strip_tags(str(c["case"].characterisation_basis or ""))]
    elif step.kind == "scenario" and c.get("scenario") is not None:
        parts.append(c["scenario"].title)
    elif step.kind == "quiz" and c.get("question") is not None:
        parts.append(c["question"].stem)
        if live is None:
            parts += [choice.text for choice in c["question"].choices.all()]
    if live is not None:
        parts += [option.text for option in live.options]
    return sum(len(part) for part in parts)


def scenario_length(play: ScenarioPlay) -> int:
    """Characters a scenario step puts on the screen: the last consequence and rule, the situation, the choices."""
    parts = [play.situation, *(c.label for c in play.choices), play.ending_note]
    if play.last is not None:
        parts += [play.last.choice_label, play.last.consequence, play.last.rule]
    if play.ended:
        parts += [s.choice_label for s in play.path]
    return sum(len(part) for part in parts) + 40 * len(play.lead_fields)


def step_density(step: Step | None, live: LiveQuestion | None = None) -> str:
    """The projector's type size class for the step: shorter text, larger type."""
    return fit_class(step_length(step, live))


def fit_class(length: int) -> str:
    for most, name in DENSITIES:
        if length <= most:
            return name
    return DENSEST
