"""Writes of attendance: signing in by the projector's code, and the host's roster.

One row per evening and person. The codes themselves are in ``attendance.codes``; a make-up is kept in
its own table and never becomes an Attendance row (studysessions.make_up).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from studysessions.attendance.codes import check_code
from studysessions.attendance.errors import AttendanceError
from studysessions.attendance.selectors import ATTENDED
from studysessions.history.services import record_session
from studysessions.models import Attendance, AttendanceMethod, AttendanceStatus, StudySession
from studysessions.schedule.selectors import audience_user_ids, is_expected

LATE_AFTER = timedelta(minutes=10)


@dataclass(frozen=True)
class SignInResult:
    attendance: Attendance
    changed: bool  # False: the person was already recorded as there


def status_at(*, session: StudySession, when: datetime) -> str:
    return AttendanceStatus.PRESENT if when < session.starts_at + LATE_AFTER else AttendanceStatus.LATE


@transaction.atomic
def sign_in(*, session: StudySession | None, user, code: str, now: datetime) -> SignInResult:
    """Scanning the projector's code. One row per person: a second scan changes nothing, and a row the
    host ticked as present or late is kept as the host wrote it. A person the host had marked absent who
    then scans is evidently in the room, so the scan turns the row into present or late.

    ``session`` is None for an evening without a row: no code was ever shown for it."""
    if session is None:
        raise AttendanceError(
            _("This is not a sign-in code of this session. Scan the code on the screen again."), code="invalid"
        )
    if not is_expected(series=session.series, user=user):
        raise AttendanceError(
            _("You are not on the list of participants of this session. If you should be, tell the host."),
            code="not_expected",
        )
    check_code(session=session, code=code, now=now)
    status = status_at(session=session, when=now)
    fields = {
        "status": status,
        "method": AttendanceMethod.QR,
        "signed_in_at": now,
        "reason": "",
        "recorded_by": None,
    }
    row = Attendance.objects.select_for_update().filter(session=session, user=user).first()
    if row is None:
        try:
            with transaction.atomic():
                return SignInResult(Attendance.objects.create(session=session, user=user, **fields), True)
        except IntegrityError:
            # The same phone double-tapped: the first request's row is the record.
            row = Attendance.objects.get(session=session, user=user)
    if row.attended:
        return SignInResult(row, False)
    for name, value in fields.items():
        setattr(row, name, value)
    row.save()
    return SignInResult(row, True)


@dataclass(frozen=True)
class RosterEntry:
    user_id: int
    status: str  # "" = not recorded (removes a row)
    reason: str = ""


@transaction.atomic
def save_roster(*, session: StudySession, entries: list[RosterEntry], by, now: datetime) -> int:
    """The host's ticks for the whole roster at once; every entry is checked before anything is written.
    Returns how many rows changed. Entries equal to the stored row leave it as it is (a scan stays a scan)."""
    if session.is_cancelled:
        raise AttendanceError(_("This session has been cancelled."), code="cancelled")
    expected = audience_user_ids(series=session.series)
    for entry in entries:
        if entry.user_id not in expected:
            raise AttendanceError(_("Someone on the form is not a participant of this session."), code="not_expected")
        if entry.status and entry.status not in AttendanceStatus.values:
            raise AttendanceError(_("Choose present, late or absent."), code="status")
        if entry.status == AttendanceStatus.ABSENT and not entry.reason.strip():
            raise AttendanceError(_("Give a reason for each absence."), code="reason")
        if len(entry.reason) > 200:
            raise AttendanceError(_("A reason can be at most 200 characters."), code="reason")
    existing = {
        row.user_id: row
        for row in Attendance.objects.select_for_update().filter(
            session=session, user_id__in=[e.user_id for e in entries]
        )
    }
    changed = 0
    for entry in entries:
        row = existing.get(entry.user_id)
        reason = "" if entry.status == AttendanceStatus.PRESENT else entry.reason.strip()
        if not entry.status:
            if row is not None:
                row.delete()
                changed += 1
            continue
        if row is not None and row.status == entry.status and row.reason == reason:
            continue
        keep_time = row is not None and row.attended and entry.status in ATTENDED
        values = {
            "status": entry.status,
            "reason": reason,
            "method": AttendanceMethod.ROSTER,
            "recorded_by": by,
            "signed_in_at": row.signed_in_at if keep_time else None,
        }
        Attendance.objects.update_or_create(session=session, user_id=entry.user_id, defaults=values)
        changed += 1
    if session.closed_at is not None:
        # People ticked after the evening ended get the covered articles like everyone else.
        record_session(session=session, now=now)
    return changed


def anonymise_person_data(*, user, placeholder: str) -> int:
    """Replace the free-text reasons on the person's attendance rows; statuses and dates stay for the statistics.

    Returns the number of rows changed. Runs inside the caller's transaction when there is one.
    """
    with transaction.atomic():
        return Attendance.objects.filter(user=user).exclude(reason="").update(reason=placeholder)
