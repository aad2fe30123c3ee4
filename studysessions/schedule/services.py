"""Writes on the schedule: turning an evening of the rule into a row, cancelling and moving it.

The room, attendance, make-ups, the evening's history and the calendar feed have their own services in
their own subpackages.
"""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from studysessions.models import SessionStatus, StudySeries, StudySession
from studysessions.schedule.occurrences import duration, is_slot


class ScheduleError(Exception):
    """A change the schedule refuses; the message is for the user, in Chinese."""


def materialise(*, series: StudySeries, slot_start: datetime) -> StudySession:
    """The row of this evening, created on first need. Refuses a start the rule does not give."""
    existing = StudySession.objects.filter(series=series, slot_start=slot_start).first()
    if existing:
        return existing
    if not is_slot(series, slot_start):
        raise ScheduleError(_("The series has no session at that time."))
    try:
        with transaction.atomic():
            return StudySession.objects.create(
                series=series, slot_start=slot_start, starts_at=slot_start, ends_at=slot_start + duration(series)
            )
    except IntegrityError:
        # Two requests materialised the same evening at once: the first row is the evening.
        return StudySession.objects.get(series=series, slot_start=slot_start)


@transaction.atomic
def cancel_session(*, session: StudySession, note: str = "") -> StudySession:
    if session.closed_at:
        raise ScheduleError(_("A session that has taken place cannot be cancelled."))
    session.status = SessionStatus.CANCELLED
    session.change_note = note
    session.save(update_fields=["status", "change_note"])
    return session


@transaction.atomic
def move_session(*, session: StudySession, starts_at: datetime, ends_at: datetime, note: str = "") -> StudySession:
    if ends_at <= starts_at:
        raise ScheduleError(_("A session must end after it starts."))
    if session.closed_at:
        raise ScheduleError(_("A session that has taken place cannot be moved."))
    session.starts_at, session.ends_at, session.change_note = starts_at, ends_at, note
    session.status = SessionStatus.SCHEDULED
    session.save(update_fields=["starts_at", "ends_at", "change_note", "status"])
    return session
