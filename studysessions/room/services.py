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

from cases import api as cases_api
from quizzes import api as quizzes_api
from scenarios import api as scenarios_api
from studysessions.agenda.selectors import agenda_steps, is_drill_facts, session_quiz
from studysessions.history.services import record_session
from studysessions.models import (
    Rehearsal,
    RoomDrillAnswer,
    RoomScenarioStep,
    RoomScenarioVote,
    StudySeries,
    StudySession,
)
from studysessions.room.scenario import room_rows, scenario_play
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


#: The host's moves in a scenario played by the room (情景演练): show the votes, apply the choice numbered ``index``.
SCENARIO_ACTIONS = ("scenario_reveal", "scenario_apply")
ACTIONS = ("next", "prev", "goto", "open_question", "reveal", "close_question", "end", *SCENARIO_ACTIONS)


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
    elif action in SCENARIO_ACTIONS:
        step = steps[room.current_step] if room.current_step < len(steps) else None
        if step is None or step.kind != "scenario":
            raise RoomError(_("The current step is not a scenario drill."))
        rehearsal = room if isinstance(room, Rehearsal) else None
        session = room.session if rehearsal is not None else room
        move = _scenario_reveal if action == "scenario_reveal" else _scenario_apply
        move(session=session, rehearsal=rehearsal, step=step, index=index, now=timezone.now())


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
        known = {c.pk for branch in cases_api.category_tree() for c in (branch.top, *branch.children)}
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


# --- 情景演练 played by the room ------------------------------------------------------------------------------


def _current_row(*, session, rehearsal, step, play) -> RoomScenarioStep:
    """The row of the step on screen; the first step's is written on the first vote or move (a GET never writes).
    Runs under the lock of the evening (or of the rehearsal)."""
    rows = room_rows(session=session, rehearsal=rehearsal, item=step.item)
    row = rows.filter(position=play.position, scenario=play.scenario).first()
    if row is None:
        row = RoomScenarioStep.objects.create(
            session=session,
            rehearsal=rehearsal,
            item=step.item,
            scenario=play.scenario,
            position=play.position,
            step_key=play.step_key,
        )
    return row


def _playable(play) -> None:
    if play.ended:
        raise RoomError(_("The scenario has ended."))
    if play.stale:
        raise RoomError(_("The scenario was changed and this step is gone from it."))


def _scenario_reveal(*, session, rehearsal, step, index, now) -> None:
    """Close the vote on the step on screen and keep its distribution as counted now."""
    play = scenario_play(session=session, step=step, rehearsal=rehearsal)
    _playable(play)
    if play.is_lead:
        raise RoomError(_("Nobody votes on a lead registration step: discuss the form, then apply a choice."))
    if play.revealed:
        raise RoomError(_("The votes are already shown."))
    row = _current_row(session=session, rehearsal=rehearsal, step=step, play=play)
    counts: dict[str, int] = {}
    for choice_id in RoomScenarioVote.objects.filter(step=row).values_list("choice_id", flat=True):
        counts[choice_id] = counts.get(choice_id, 0) + 1
    row.distribution, row.voters, row.revealed_at = counts, sum(counts.values()), now
    row.save(update_fields=["distribution", "voters", "revealed_at"])


def _scenario_apply(*, session, rehearsal, step, index, now) -> None:
    """The host's decision (usually the majority, not necessarily): the choice numbered ``index`` (from 0) is
    the room's; the room moves to the step it leads to, or the scenario ends. On the evening a step with
    choices is applied only after its votes were shown; in a rehearsal (no votes) at once."""
    play = scenario_play(session=session, step=step, rehearsal=rehearsal)
    _playable(play)
    if rehearsal is None and not play.is_lead and not play.revealed:
        raise RoomError(_("Show the votes first, then apply a choice."))
    if index is None or not 0 <= index < len(play.choices):
        raise RoomError(_("There is no such choice."))
    if play.position + 1 >= scenarios_api.MAX_STEPS:
        raise RoomError(_("The room has taken too many steps in this scenario."))
    block, _lead = play.scenario.step(play.step_key)
    chosen = block.value["choices"].bound_blocks[index]
    value = chosen.value
    target = (value.get("leads_to") or "").strip()
    ending = value.get("ending") or ""
    if not ending and play.scenario.step(target)[0] is None:
        raise RoomError(_("The scenario was changed and this step is gone from it."))
    row = _current_row(session=session, rehearsal=rehearsal, step=step, play=play)
    row.choice_id, row.choice_label = chosen.id, value["label"]
    row.consequence, row.rule = value["consequence"], value["rule"]
    row.ending, row.ending_note = ending, value.get("ending_note") or ""
    row.applied_at = now
    row.save()
    if not ending:
        RoomScenarioStep.objects.create(
            session=session,
            rehearsal=rehearsal,
            item=step.item,
            scenario=play.scenario,
            position=row.position + 1,
            step_key=target,
        )


def vote_scenario(
    *, session: StudySession, user, item: int | None, position: int | None, choice: int | None, now: datetime
) -> RoomScenarioVote:
    """A participant's vote (``choice``: its number, from 1) at the scenario step on screen: one vote per person
    and step, changed by a second tap until the host shows the votes, refused after. Only people signed in to
    the evening (present or late) vote. The row of the evening is locked, so the reveal and a vote never cross."""
    with transaction.atomic():
        session = _locked(session)
        if session.closed_at is not None:
            raise RoomError(_("This session has ended."))
        step = room_view(session=session).step if session.opened_at is not None else None
        if step is None or step.kind != "scenario" or step.item != item:
            raise RoomError(_("This scenario is not on the screen now."))
        play = scenario_play(session=session, step=step)
        if play.position != position or play.ended or play.stale:
            raise RoomError(_("The room has moved on: this step's vote is closed."))
        if play.is_lead:
            raise RoomError(_("Nobody votes on a lead registration step."))
        if play.revealed:
            raise RoomError(_("The votes have been shown: this vote is closed."))
        if not signed_in(session=session, user=user):
            raise RoomError(_("Sign in to the session first (scan the code on the screen), then vote."))
        chosen = next((c for c in play.choices if c.number == choice), None)
        if chosen is None:
            raise RoomError(_("Choose one of the choices first."))
        row = _current_row(session=session, rehearsal=None, step=step, play=play)
        defaults = {"choice_id": chosen.id, "choice_label": chosen.label, "voted_at": now}
        try:
            with transaction.atomic():
                vote, _created = RoomScenarioVote.objects.update_or_create(step=row, user=user, defaults=defaults)
        except IntegrityError:  # a double tap that slipped past the lock: the first one stands
            vote = RoomScenarioVote.objects.get(step=row, user=user)
        return vote


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
