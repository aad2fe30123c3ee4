"""Rotating sign-in codes: what the projector shows and what a phone's scan is checked against.

A sign-in code is an HMAC of the evening and the current 3-minute window, so a photo of the projector
sent to someone at home stops working within minutes, and a code of one evening never signs anyone
into another. Pure rules: nothing here reads or writes the database.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime, timedelta

from django.conf import settings
from django.utils.translation import gettext as _

from studysessions.attendance.errors import AttendanceError
from studysessions.models import StudySession

ROTATE_SECONDS = 180
# A code shown just before the rotation is still accepted: scanning and tapping 签到 takes a while.
GRACE_WINDOWS = 1
CODE_LENGTH = 10
OPENS_BEFORE = timedelta(minutes=30)


def _window(now: datetime) -> int:
    return int(now.timestamp()) // ROTATE_SECONDS


def _code_for(session: StudySession, window: int) -> str:
    return _hmac_code(secret=session.qr_secret, subject=str(session.pk), window=window)


def _hmac_code(*, secret: str, subject: str, window: int) -> str:
    key = (secret + settings.SECRET_KEY).encode()
    digest = hmac.new(key, f"{subject}:{window}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode()[:CODE_LENGTH]


def _rehearsal_code_for(rehearsal, window: int) -> str:
    # Another secret and another subject: a rehearsal code never matches one of the evening.
    return _hmac_code(secret=rehearsal.secret, subject=f"rehearsal:{rehearsal.session_id}", window=window)


def rehearsal_code(*, rehearsal, now: datetime) -> str:
    """The code the rehearsal projector shows now: at any time, since a rehearsal can be any day."""
    return _rehearsal_code_for(rehearsal, _window(now))


def rehearsal_code_valid(*, rehearsal, code: str, now: datetime) -> bool:
    """Whether ``code`` is the rehearsal's code of now or of the window before."""
    code, window = normalise_code(code), _window(now)
    return bool(code) and any(
        hmac.compare_digest(code, _rehearsal_code_for(rehearsal, w))
        for w in range(window, window - GRACE_WINDOWS - 1, -1)
    )


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
