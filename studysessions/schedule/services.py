"""Writes on the schedule: turning an evening of the rule into a row, cancelling and moving it.

The room, attendance, make-ups, the evening's history and the calendar feed have their own services in
their own subpackages.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from audit.api import record_security_event
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


HOST_CHANGED = "studysessions.host_changed"


@transaction.atomic
def note_host_changed(*, target: models.Model, before: int | None, request=None) -> bool:
    """Audit a series' or an evening's host change since ``before`` (the host id then; None for none).

    Called inside the admin save's transaction, after it; a save that kept the host writes nothing.
    """
    after = target.host_id
    if after == before:
        return False
    names = dict(get_user_model().objects.filter(pk__in={before, after} - {None}).values_list("pk", "username"))
    record_security_event(
        action=HOST_CHANGED,
        request=request,
        target=target,
        detail={
            "added": [names[after]] if after is not None else [],
            "removed": [names[before]] if before is not None else [],
        },
    )
    return True
