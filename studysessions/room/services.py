"""Writes of the room: the host drives the projector one step at a time, opens a live question,
reveals its answers, and ends the evening; participants answer the open question on their phones.

Every change of what the room shows bumps ``live_version`` on the locked row, so the phones that poll
the state (room.selectors.room_state) notice it with one tiny query. The answers are ordinary attempts at
the evening's quiz, through ``quizzes.api``: this module never reads or builds an answer itself.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from drills import api as drills_api
from quizzes import api as quizzes_api
from studysessions.agenda.selectors import agenda_steps, is_drill_facts, session_quiz
from studysessions.history.services import record_session
from studysessions.models import RoomDrillAnswer, StudySeries, StudySession
from studysessions.room.selectors import room_view, signed_in
from studysessions.schedule.services import materialise


class RoomError(Exception):
    """An action the room refuses; the message is for the user."""


#: Starting more than this before the planned start asks the host to confirm first.
EARLY_START = timedelta(minutes=15)


class EarlyStart(RoomError):
    """The host pressed 开始 well before the planned start: the view asks them to confirm."""

    def __init__(self, starts_at: datetime):
        local = timezone.localtime(starts_at)
        when = _("%(month)d/%(day)d %(time)s") % {
            "month": local.month,
            "day": local.day,
            "time": local.strftime("%H:%M"),
        }
        super().__init__(
            _(
                "This session is scheduled for %(when)s. Starting now will show it as in progress to every "
                "participant. Start now?"
            )
            % {"when": when}
        )
        self.starts_at = starts_at


ACTIONS = ("next", "prev", "goto", "open_question", "reveal", "close_question", "end")


def open_room(
    *, series: StudySeries, slot_start: datetime, now: datetime, early_confirmed: bool = False
) -> StudySession:
    """The host's 开始: the evening's row, marked as started from ``now`` the first time.

    More than EARLY_START before the planned start it raises EarlyStart unless the host confirmed, and
    writes nothing (not even the row)."""
    with transaction.atomic():
        session = _locked(materialise(series=series, slot_start=slot_start))
        if session.opened_at is not None:
            return session
        if session.is_cancelled:
            raise RoomError(_("This session has been cancelled."))
        if not early_confirmed and now < session.starts_at - EARLY_START:
            raise EarlyStart(session.starts_at)
        session.opened_at = now
        session.live_version += 1
        session.save(update_fields=["opened_at", "live_version"])
    return session


def control(*, session: StudySession, action: str, now: datetime, index: int | None = None) -> StudySession:
    """One press of the host's remote. Raises RoomError for an action that does not apply now."""
    if action not in ACTIONS:
        raise RoomError(_("Unknown action."))
    with transaction.atomic():
        session = _locked(session)
        if session.closed_at is not None:
            raise RoomError(_("This session has ended."))
        if action == "end":
            return _end(session, now=now)
        apply_remote(session, action=action, index=index, steps=agenda_steps(session))
        session.furthest_step = max(session.furthest_step, session.current_step)
        _bump(session)
        return session


def apply_remote(room, *, action: str, index: int | None, steps: list) -> None:
    """One move of the host's remote on a room's state (``current_step``, ``live_question_id``,
    ``live_revealed``): the evening's, or its rehearsal's. Changes the object only; the caller saves it."""
    if action in ("next", "prev"):
        room.current_step = step_in_range(room.current_step + (1 if action == "next" else -1), len(steps))
    elif action == "goto":
        if index is None or not 0 <= index < len(steps):
            raise RoomError(_("There is no such step."))
        room.current_step = index
    elif action == "open_question":
        step = steps[room.current_step] if room.current_step < len(steps) else None
        if step is None or step.question_id is None:
            raise RoomError(_("The current step is not a quiz question."))
        room.live_question_id, room.live_revealed = step.question_id, False
    elif action == "reveal":
        step = steps[room.current_step] if room.current_step < len(steps) else None
        if room.live_question_id is None and is_drill_facts(step):
            # A 定性 drill's answers are revealed by its next step; reaching it closes the answers.
            room.current_step = step.index + 1
        elif room.live_question_id is None:
            raise RoomError(_("No question is open."))
        else:
            room.live_revealed = True
    elif action == "close_question":
        room.live_question_id, room.live_revealed = None, False


def answer_live_question(*, session: StudySession, user, form_data, now: datetime):
    """Record a participant's answer to the open question in their attempt of the closing quiz.

    The attempt is an ordinary quiz attempt (resumed if open): it is scored when submitted, at the
    end of the evening at the latest. Not wrapped in one transaction on purpose: start_attempt and
    save_answer are each atomic, and save_answer commits the closing of an attempt whose time ran out
    before it raises, which an outer transaction would roll back. Returns what quizzes.api.save_answer does.
    """
    question_id = session.live_question_id
    if session.closed_at is not None:
        raise RoomError(_("This session has ended."))
    if question_id is None:
        raise RoomError(_("No question is open at the moment."))
    if session.live_revealed:
        raise RoomError(_("The answers have been revealed: this question is closed."))
    quiz = session_quiz(session)
    if quiz is None:
        raise RoomError(_("This session has no closing quiz."))
    try:
        attempt = quizzes_api.start_attempt(quiz=quiz, user=user, now=now)
    except quizzes_api.QuizError as error:
        raise RoomError(str(error)) from None
    found = quizzes_api.position_in_attempt(attempt=attempt, question_id=question_id)
    if found is None:
        raise RoomError(
            _("This question is not in your attempt of the quiz (the quiz draws different questions for each person).")
        )
    position, kind = found
    raw = quizzes_api.raw_answer(kind, form_data)
    if not quizzes_api.answer_given(raw):
        raise RoomError(_("Choose an answer first."))
    try:
        return quizzes_api.save_answer(attempt=attempt, position=position, raw=raw, now=now)
    except quizzes_api.QuizError as error:
        raise RoomError(str(error)) from None


def answer_drill(*, session: StudySession, user, item: int | None, category_id: int | None, now: datetime):
    """A participant's category for the 定性 drill on screen: one answer per person and drill, changed by a
    second tap until the host reveals it (the room has gone past the facts step), refused after. Only people
    signed in to the evening (present or late) answer. The row of the evening is locked, so the reveal and an
    answer never cross."""
    with transaction.atomic():
        session = _locked(session)
        if session.closed_at is not None:
            raise RoomError(_("This session has ended."))
        step = room_view(session=session).step if session.opened_at is not None else None
        revealed = step is not None and step.kind == "drill" and step.item == item and not is_drill_facts(step)
        if not revealed and (not is_drill_facts(step) or step.item != item):
            raise RoomError(_("This characterisation question is not on the screen now."))
        if revealed or session.furthest_step > step.index:
            raise RoomError(_("The answers have been revealed: this question is closed."))
        if not signed_in(session=session, user=user):
            raise RoomError(_("Sign in to the session first (scan the code on the screen), then answer."))
        known = {c.pk for branch in drills_api.category_tree() for c in (branch.top, *branch.children)}
        if category_id not in known:
            raise RoomError(_("Choose a category first."))
        case = step.context["case"]
        try:
            with transaction.atomic():
                answer, _created = RoomDrillAnswer.objects.update_or_create(
                    session=session,
                    item=item,
                    user=user,
                    defaults={"case_id": case.pk, "category_id": category_id, "answered_at": now},
                )
        except IntegrityError:  # a double tap that slipped past the lock: the first one stands
            answer = RoomDrillAnswer.objects.get(session=session, item=item, user=user)
        return answer


def _locked(session: StudySession) -> StudySession:
    locked = StudySession.objects.select_for_update().get(pk=session.pk)
    locked.series = session.series  # already loaded by the caller; agenda steps do not need it again
    return locked


def step_in_range(index: int, count: int) -> int:
    """The step to show when the remote asks for ``index`` of ``count`` steps (the rehearsal moves alike)."""
    return max(0, min(index, count - 1)) if count else 0


def _bump(session: StudySession) -> None:
    session.live_version += 1
    session.save(update_fields=["current_step", "furthest_step", "live_question_id", "live_revealed", "live_version"])


def _end(session: StudySession, *, now: datetime) -> StudySession:
    """Close the evening: no more live answers; the quiz attempts begun tonight are submitted and scored;
    the articles gone through are recorded for those present (history.services.record_session)."""
    session.closed_at = now
    session.live_question_id, session.live_revealed = None, False
    session.live_version += 1
    session.save(update_fields=["closed_at", "live_question_id", "live_revealed", "live_version"])
    quiz = session_quiz(session)
    if quiz is not None and session.opened_at is not None:
        quizzes_api.submit_open_attempts(quiz_id=quiz.pk, started_from=session.opened_at, started_until=now, now=now)
    record_session(session=session, now=now)
    return session
