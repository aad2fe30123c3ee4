"""Writes of the attendance part: rotating sign-in codes, signing in, the host's roster, make-ups (补学).

A sign-in code is an HMAC of the evening and the current 3-minute window, so a photo of the projector
sent to someone at home stops working within minutes, and a code of one evening never signs anyone
into another. A make-up is kept in its own table and never becomes an Attendance row.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from studysessions.models import Attendance, AttendanceMethod, AttendanceStatus, MakeUp, StudySession
from studysessions.schedule.selectors import audience_user_ids, is_expected

ROTATE_SECONDS = 180
# A code shown just before the rotation is still accepted: scanning and tapping 签到 takes a while.
GRACE_WINDOWS = 1
CODE_LENGTH = 10
OPENS_BEFORE = timedelta(minutes=30)
LATE_AFTER = timedelta(minutes=10)
ATTENDED = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)


class AttendanceError(Exception):
    """A refusal with a message for the person; ``code`` says which rule refused (for callers and tests)."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.code = code


# Sign-in codes ----------------------------------------------------------------------------------


def _window(now: datetime) -> int:
    return int(now.timestamp()) // ROTATE_SECONDS


def _code_for(session: StudySession, window: int) -> str:
    key = (session.qr_secret + settings.SECRET_KEY).encode()
    digest = hmac.new(key, f"{session.pk}:{window}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode()[:CODE_LENGTH]


def normalise_code(raw: str) -> str:
    """What people type from the screen: case, spaces and dashes do not matter."""
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())


def sign_in_refusal(*, session: StudySession, now: datetime) -> AttendanceError | None:
    """Why no code of this evening works now, or None while signing in is open."""
    if session.is_cancelled:
        return AttendanceError(_("This session has been cancelled."), code="cancelled")
    if session.closed_at is not None or now >= session.ends_at:
        return AttendanceError(
            _("This session is over and signing in is closed. Ask the host to record you on the roster."),
            code="closed",
        )
    if now < session.starts_at - OPENS_BEFORE:
        return AttendanceError(_("Signing in opens 30 minutes before the session starts."), code="not_open")
    return None


def current_code(*, session: StudySession, now: datetime) -> str | None:
    """The code to show on the projector now, or None while signing in is not open."""
    if sign_in_refusal(session=session, now=now) is not None:
        return None
    return _code_for(session, _window(now))


def seconds_until_rotation(*, now: datetime) -> int:
    return ROTATE_SECONDS - int(now.timestamp()) % ROTATE_SECONDS


def check_code(*, session: StudySession, code: str, now: datetime) -> None:
    """Raises AttendanceError unless ``code`` is this evening's code of now (or the window before)."""
    refusal = sign_in_refusal(session=session, now=now)
    if refusal is not None:
        raise refusal
    code = normalise_code(code)
    if not code:
        raise AttendanceError(_("Enter the code shown under the QR code on the screen."), code="missing")
    window = _window(now)
    for w in range(window, window - GRACE_WINDOWS - 1, -1):
        if hmac.compare_digest(code, _code_for(session, w)):
            return
    # An older code of this evening (a photo passed on, a page left open) gets its own message.
    opened = _window(session.starts_at - OPENS_BEFORE)
    for w in range(window - GRACE_WINDOWS - 1, max(opened, window - 200) - 1, -1):
        if hmac.compare_digest(code, _code_for(session, w)):
            raise AttendanceError(
                _("This sign-in code has expired. Scan the code on the screen again."), code="expired"
            )
    raise AttendanceError(
        _("This is not a sign-in code of this session. Scan the code on the screen again."), code="invalid"
    )


# Signing in and the roster ----------------------------------------------------------------------


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


def roster_people(*, series) -> list:
    """Everyone expected at the series' evenings, by name."""
    from django.contrib.auth import get_user_model

    ids = audience_user_ids(series=series)
    return list(get_user_model().objects.filter(pk__in=ids).order_by("last_name", "first_name", "username"))


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
        from studysessions.history import record_session

        record_session(session=session, now=now)
    return changed


# Make-ups (补学) ---------------------------------------------------------------------------------


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
    if Attendance.objects.filter(session=session, user=user, status__in=ATTENDED).exists():
        return AttendanceError(_("You attended this session: there is nothing to make up."), code="attended")
    return None


def _make_up_row(*, session: StudySession, user, now: datetime) -> MakeUp:
    refusal = make_up_refusal(session=session, user=user, now=now)
    if refusal is not None:
        raise refusal
    try:
        with transaction.atomic():
            row, _created = MakeUp.objects.get_or_create(session=session, user=user, defaults={"started_at": now})
    except IntegrityError:
        row = MakeUp.objects.get(session=session, user=user)
    return row


@transaction.atomic
def start_make_up(*, session: StudySession, user, now: datetime) -> MakeUp:
    """Opening the make-up page starts it (once); finishing the quiz elsewhere completes it on return."""
    row = _make_up_row(session=session, user=user, now=now)
    complete_make_up(make_up=row, now=now)
    return row


@transaction.atomic
def mark_studied(*, session: StudySession, user, now: datetime) -> MakeUp:
    """我已学完: the agenda's articles go into the person's study history and review queue."""
    from courses.models import ItemKind
    from courses.services import record_completion
    from studysessions.agenda.selectors import agenda_steps, covered_article_ids

    row = _make_up_row(session=session, user=user, now=now)
    if row.studied_at is None:
        row.studied_at = now
        row.save(update_fields=["studied_at"])
        for article_id in covered_article_ids(agenda_steps(session)):
            record_completion(user=user, kind=ItemKind.ARTICLE, item_id=article_id, when=now)
    complete_make_up(make_up=row, now=now)
    return row


@transaction.atomic
def complete_make_up(*, make_up: MakeUp, now: datetime) -> bool:
    """Sets completed_at once the agenda is studied and the evening's quiz (if any) is passed."""
    from quizzes.api import has_passed
    from studysessions.agenda.selectors import session_quiz

    if make_up.completed_at is not None:
        return True
    if make_up.studied_at is None:
        return False
    quiz = session_quiz(make_up.session)
    if quiz is not None and not has_passed(quiz=quiz, user=make_up.user):
        return False
    make_up.completed_at = now
    make_up.save(update_fields=["completed_at"])
    return True
