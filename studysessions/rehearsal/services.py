"""Writes of a rehearsal. They touch the Rehearsal row only: never the evening's opened/step/question
fields, its attendance, quiz attempts, completions or the audit log of attendance."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from studysessions.agenda.selectors import agenda_steps
from studysessions.attendance.codes import rehearsal_code_valid
from studysessions.attendance.errors import AttendanceError
from studysessions.models import Rehearsal, StudySeries
from studysessions.room.services import SCENARIO_ACTIONS, RoomError, apply_remote
from studysessions.schedule.services import materialise

ACTIONS = ("next", "prev", "goto", "open_question", "reveal", "close_question", *SCENARIO_ACTIONS)


def start_rehearsal(*, series: StudySeries, slot_start: datetime, by, now: datetime) -> Rehearsal:
    """A fresh rehearsal of the evening from its first step (a running one starts over)."""
    with transaction.atomic():
        session = materialise(series=series, slot_start=slot_start)
        if session.is_cancelled:
            raise RoomError(_("This session has been cancelled."))
        rehearsal, _created = Rehearsal.objects.select_for_update().get_or_create(
            session=session, defaults={"started_at": now, "started_by": by}
        )
        rehearsal.started_at, rehearsal.started_by = now, by
        rehearsal.current_step, rehearsal.live_question_id, rehearsal.live_revealed = 0, None, False
        rehearsal.save()
        rehearsal.scenario_steps.all().delete()  # a scenario walked in the last rehearsal starts over too
    rehearsal.session = session
    return rehearsal


def control_rehearsal(*, rehearsal: Rehearsal, action: str, index: int | None = None) -> Rehearsal:
    """One press of the remote in rehearsal: the same moves as the evening's remote, on the rehearsal row."""
    if action not in ACTIONS:
        raise RoomError(_("Unknown action."))
    with transaction.atomic():
        locked = Rehearsal.objects.select_for_update().get(pk=rehearsal.pk)
        locked.session = rehearsal.session
        apply_remote(locked, action=action, index=index, steps=agenda_steps(rehearsal.session))
        locked.save(update_fields=["current_step", "live_question_id", "live_revealed"])
    return locked


def end_rehearsal(*, rehearsal: Rehearsal) -> None:
    with transaction.atomic():
        Rehearsal.objects.filter(pk=rehearsal.pk).delete()


def check_rehearsal_sign_in(*, rehearsal: Rehearsal | None, code: str, now: datetime) -> None:
    """A scan of the rehearsal's code: raises AttendanceError for a wrong or stale code. Writes nothing at
    all: a rehearsal sign-in is only shown as one (演练签到成功，不计入考勤)."""
    if rehearsal is None:
        raise AttendanceError(_("The rehearsal has ended. This code no longer works."), code="no_rehearsal")
    if not rehearsal_code_valid(rehearsal=rehearsal, code=code, now=now):
        raise AttendanceError(
            _("This is not the rehearsal's current code. Scan the code on the screen again."), code="invalid"
        )
