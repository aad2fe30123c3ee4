"""Reads of attendance: who is on the roster and what is recorded for an evening."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from studysessions.models import Attendance, AttendanceStatus, StudySeries, StudySession
from studysessions.schedule.selectors import audience_user_ids

#: The statuses that count as having been there (a make-up never does).
ATTENDED = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)


def roster_people(*, series: StudySeries) -> list:
    """Everyone expected at the series' evenings, by name."""
    ids = audience_user_ids(series=series)
    return list(get_user_model().objects.filter(pk__in=ids).order_by("last_name", "first_name", "username"))


def rows_by_user(*, session: StudySession | None) -> dict[int, Attendance]:
    """User id → the evening's attendance row; empty for an evening without a row."""
    if session is None:
        return {}
    return {a.user_id: a for a in Attendance.objects.filter(session=session)}


def attendance_of(*, session: StudySession | None, user) -> Attendance | None:
    """The person's row for the evening, if any."""
    if session is None:
        return None
    return Attendance.objects.filter(session=session, user=user).first()


def has_attended(*, session: StudySession, user) -> bool:
    return Attendance.objects.filter(session=session, user=user, status__in=ATTENDED).exists()
