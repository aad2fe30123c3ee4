"""Every write about a person's second factor and lockouts. Each one leaves an audit entry."""

from __future__ import annotations

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.policy import second_factor_required
from accounts.selectors import RECOVERY_NAME, TOTP_NAME, has_second_factor, pending_totp
from audit.api import record_security_event


class AccountSecurityError(Exception):
    """A refused step; the message is for the person."""


def start_totp_enrolment(*, user) -> TOTPDevice:
    """A fresh, unconfirmed authenticator (a new secret); any earlier unconfirmed one is dropped."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def confirm_totp_enrolment(*, request, user, token: str) -> list[str]:
    """The first code from the phone confirms the authenticator. Replaces any earlier second factor,
    creates the recovery codes and returns them (shown once, stored only as django-otp's tokens).
    The session counts as verified from now on."""
    token = (token or "").strip().replace(" ", "")
    device = pending_totp(user)
    if device is None:
        raise AccountSecurityError(_("Start the setup again: the QR code has been replaced or removed."))
    # The failure counter must survive the refusal: the check commits on its own.
    if not token.isdigit() or not _verified(device, token):
        raise AccountSecurityError(_("The code is not correct. Check the phone's clock and type the current code."))
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=True).delete()
        StaticDevice.objects.filter(user=user).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        recovery = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _index in range(settings.ACCOUNTS_RECOVERY_CODES)]
        StaticToken.objects.bulk_create([StaticToken(device=recovery, token=code) for code in codes])
        record_security_event(action="otp.enrolled", request=request, actor=user, target=user)
    otp_login(request, device)
    return codes


def verify_second_factor(*, request, user, token: str) -> bool:
    """A code from the authenticator or one recovery code (used up). Marks the session as verified."""
    token = (token or "").strip().replace(" ", "").lower()
    device = None
    if token:
        candidates = TOTPDevice.objects.filter(user=user, confirmed=True) if token.isdigit() else []
        for candidate in candidates:
            if _verified(candidate, token):
                device = candidate
                break
        else:
            for candidate in StaticDevice.objects.filter(user=user, confirmed=True):
                if _verified(candidate, token):
                    device = candidate
                    break
    if device is None:
        record_security_event(action="otp.failed", request=request, actor=user)
        return False
    otp_login(request, device)
    if isinstance(device, StaticDevice):
        record_security_event(action="otp.recovery_code_used", request=request, actor=user, target=user)
    return True


def _verified(device, token: str) -> bool:
    # Each device throttles its own failures (django-otp's ThrottlingMixin); the check and the counter
    # move together.
    with transaction.atomic():
        return bool(device.verify_token(token))


def reset_second_factor(*, request, actor, user) -> None:
    """The security administrator removes someone's authenticator and recovery codes. A staff member
    sets up a new one at the next login."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        record_security_event(action="otp.reset", request=request, actor=actor, target=user)


def _password_confirms(*, request, user, password: str) -> bool:
    """The password checked as at the login form: through django-axes, so wrong guesses count towards the
    lockout and are audited as failed log-ins."""
    confirmed = authenticate(request, username=user.get_username(), password=password)
    return confirmed is not None and confirmed.pk == user.pk


def _code_confirms(*, user, token: str) -> bool:
    """A current code from the authenticator, or one recovery code (used up)."""
    token = token.strip().replace(" ", "").lower()
    devices = [*TOTPDevice.objects.filter(user=user, confirmed=True)] if token.isdigit() else []
    devices += StaticDevice.objects.filter(user=user, confirmed=True)
    return any(_verified(device, token) for device in devices)


def remove_own_second_factor(*, request, user, password: str = "", token: str = "") -> None:
    """A person whose role does not require a second factor switches theirs off: their authenticator and
    recovery codes are deleted. Asks for the password or a current code first; staff and the 三员 are refused
    (they may set up a new phone, or the security administrator resets it)."""
    if second_factor_required(user):
        raise AccountSecurityError(
            _(
                "Your role requires a second factor, so it cannot be switched off. You can set up a new phone; "
                "if you have lost it, ask the security administrator."
            )
        )
    if not has_second_factor(user):
        raise AccountSecurityError(_("Your second factor is already off."))
    if not password and not token:
        raise AccountSecurityError(_("Type your password or a current code to switch the second factor off."))
    if password:
        confirmed = _password_confirms(request=request, user=user, password=password)
    else:
        confirmed = _code_confirms(user=user, token=token)
        if not confirmed:
            record_security_event(action="otp.failed", request=request, actor=user)
    if not confirmed:
        raise AccountSecurityError(_("The password or the code is not correct. The second factor is still on."))
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        record_security_event(action="otp.removed", request=request, actor=user, target=user)


def unlock_account(*, request, actor, username: str = "", address: str = "") -> int:
    """Lift a lockout early: the failed attempts of this account or this address are forgotten."""
    if not username and not address:
        raise AccountSecurityError(_("Give an account or an address to unlock."))
    with transaction.atomic():
        removed = 0
        if username:
            removed += axes_reset(username=username)
        if address:
            removed += axes_reset(ip=address)
        target = get_user_model().objects.filter(username=username).first() if username else None
        record_security_event(
            action="axes.unlocked",
            request=request,
            actor=actor,
            target=target,
            detail={"username": username, "address": address, "attempts_removed": removed},
        )
    return removed
