"""Who may make up an evening: decided here and nowhere else (the pages and templates receive the answer).

Two questions with two answers on purpose:

- ``missed``: the schedule offers a make-up for an evening the person did not attend (over, not
  cancelled, not theirs to host, absent or never signed in);
- ``make_up_refusal``: the make-up page checks everything it needs before it starts one (an agenda to work
  through, on the list of participants, taken place, not attended).
"""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _

from studysessions.attendance.errors import AttendanceError
from studysessions.attendance.selectors import has_attended
from studysessions.models import Attendance, AttendanceStatus, MakeUp, StudySession
from studysessions.schedule.occurrences import Occurrence
from studysessions.schedule.selectors import is_expected


def missed(*, occurrence: Occurrence, attendance: Attendance | None, hosting: bool, now: datetime) -> bool:
    """Over, not cancelled, not hosted by the person, and they are absent or never signed in."""
    if occurrence.ends_at > now or occurrence.cancelled or hosting:
        return False
    return attendance is None or attendance.status == AttendanceStatus.ABSENT


def make_up_offered(*, missed: bool, make_up: MakeUp | None) -> bool:
    """The schedule links to the make-up page while the evening is missed and not made up yet."""
    return missed and not (make_up is not None and make_up.completed_at)


def make_up_of(*, session: StudySession, user) -> MakeUp | None:
    """The person's make-up of this evening, if they have started one (read only: a GET starts nothing)."""
    return MakeUp.objects.filter(session=session, user=user).first()


def make_up_refusal(*, session: StudySession | None, user, now: datetime) -> AttendanceError | None:
    """Why this person cannot make up this evening, or None if they can."""
    if session is None or not session.agenda:
        return AttendanceError(_("This session has no agenda to make up."), code="no_agenda")
    if not is_expected(series=session.series, user=user):
        return AttendanceError(_("You are not on the list of participants of this session."), code="not_expected")
    if session.is_cancelled:
        return AttendanceError(_("This session has been cancelled."), code="cancelled")
    if now < session.starts_at:
        return AttendanceError(_("A session can be made up once it has taken place."), code="not_yet")
    if has_attended(session=session, user=user):
        return AttendanceError(_("You attended this session: there is nothing to make up."), code="attended")
    return None
