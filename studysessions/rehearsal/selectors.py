"""Reads of a rehearsal: the step and question the rehearsal projector shows, with the room's own builders."""

from __future__ import annotations

from studysessions.agenda.selectors import agenda_steps, is_drill_reveal
from studysessions.models import Rehearsal, StudySession
from studysessions.room.scenario import scenario_play
from studysessions.room.selectors import Bar, RoomView, drill_tally, live_question


def rehearsal_of(session: StudySession | None) -> Rehearsal | None:
    if session is None:
        return None
    return Rehearsal.objects.filter(session=session).first()


def rehearsal_view(*, session: StudySession, rehearsal: Rehearsal) -> RoomView:
    """What the rehearsal projector shows. Revealed answers are an empty distribution: phones never answer
    in a rehearsal, so nothing is counted and no quiz answer is read; a 定性 drill shows its facts, then an
    empty distribution beside the case's own categories; a scenario drill is walked on the rehearsal's own rows."""
    steps = agenda_steps(session)
    step = steps[min(rehearsal.current_step, len(steps) - 1)] if steps else None
    live = live_question(question_id=rehearsal.live_question_id) if rehearsal.live_question_id else None
    if live is not None and rehearsal.live_revealed:
        live.bars = [Bar(option=option, count=0, percent=0) for option in live.options]
    drill = drill_tally(session=None, step=step) if is_drill_reveal(step) else None
    play = scenario_play(session=session, step=step, rehearsal=rehearsal) if step and step.kind == "scenario" else None
    return RoomView(session=session, steps=steps, step=step, live=live, rehearsal=rehearsal, drill=drill, scenario=play)
