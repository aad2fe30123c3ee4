"""Reads about a person's second factor and lockouts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Q, Sum
from django.utils import timezone
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery"


def has_second_factor(user) -> bool:
    """A confirmed device of any kind."""
    return user_has_device(user, confirmed=True)


def pending_totp(user) -> TOTPDevice | None:
    """The authenticator being set up (shown as a QR code until its first code confirms it)."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def recovery_codes_left(user) -> int:
    device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    return device.token_set.count() if device else 0


@dataclass(frozen=True)
class Lockout:
    username: str
    address: str | None
    failures: int
    last_attempt: datetime
    until: datetime


def _lockout_window_start() -> datetime:
    return timezone.now() - settings.AXES_COOLOFF_TIME


def current_lockouts() -> list[Lockout]:
    """Every account and address locked now: axes' attempts at or over the limit, within the window."""
    rows = (
        AccessAttempt.objects.filter(attempt_time__gte=_lockout_window_start())
        .order_by("-attempt_time")
        .values("username", "ip_address", "failures_since_start", "attempt_time")
    )
    limit = settings.AXES_FAILURE_LIMIT
    by_username: dict[str, int] = {}
    by_address: dict[str, int] = {}
    for row in rows:
        by_username[row["username"] or ""] = by_username.get(row["username"] or "", 0) + row["failures_since_start"]
        if row["ip_address"]:
            by_address[row["ip_address"]] = by_address.get(row["ip_address"], 0) + row["failures_since_start"]
    locked = []
    for row in rows:
        username, address = row["username"] or "", row["ip_address"]
        failures = max(by_username.get(username, 0) if username else 0, by_address.get(address, 0) if address else 0)
        if failures >= limit:
            until = row["attempt_time"] + settings.AXES_COOLOFF_TIME
            locked.append(Lockout(username, address, row["failures_since_start"], row["attempt_time"], until))
    return locked


def is_account_locked(username: str) -> bool:
    """Whether this account has reached the failure limit within the lockout window (from any address)."""
    failures = AccessAttempt.objects.filter(Q(username=username), attempt_time__gte=_lockout_window_start()).aggregate(
        total=Sum("failures_since_start")
    )["total"]
    return (failures or 0) >= settings.AXES_FAILURE_LIMIT
