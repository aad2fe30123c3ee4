"""The session clock: when the person logged in and when they last did something.

Stored in the session as POSIX seconds. ``SessionLifetimeMiddleware`` ends a session idle longer than
ACCOUNTS_IDLE_TIMEOUT or older than ACCOUNTS_SESSION_LIFETIME. Activity is written at most once a minute,
so a page view does not cost a session write each time.
"""

from __future__ import annotations

import enum
import time

from django.conf import settings

LOGIN_AT = "accounts.login_at"
SEEN_AT = "accounts.seen_at"
ACTIVITY_GRANULARITY = 60  # seconds


class Expiry(enum.StrEnum):
    IDLE = "idle"
    LIFETIME = "lifetime"


def now() -> float:
    return time.time()


def start(session) -> None:
    """A new login: both clocks start now."""
    moment = int(now())
    session[LOGIN_AT] = moment
    session[SEEN_AT] = moment


def expiry(session) -> Expiry | None:
    """Why this session has ended, or None while it is still good."""
    login_at, seen_at = session.get(LOGIN_AT), session.get(SEEN_AT)
    if login_at is None or seen_at is None:
        return None
    moment = now()
    if moment - login_at > settings.ACCOUNTS_SESSION_LIFETIME.total_seconds():
        return Expiry.LIFETIME
    if moment - seen_at > settings.ACCOUNTS_IDLE_TIMEOUT.total_seconds():
        return Expiry.IDLE
    return None


def note_activity(session) -> None:
    if LOGIN_AT not in session:
        # A session from before these clocks (or made without a login signal): it starts now.
        start(session)
        return
    moment = int(now())
    if moment - session.get(SEEN_AT, 0) >= ACTIVITY_GRANULARITY:
        session[SEEN_AT] = moment
