"""What the account side holds about one person, for the privacy app (through accounts.api).

- ``personal_records``: the second factor's state (never its secret or codes) and the login history, for the
  person's own data export (个人信息保护法: access and portability).
- ``anonymise_account_data``: what an anonymisation must reach beyond the user row: django-axes' rows under
  the old user name, the avatar in Wagtail's user profile, the profile's phone, staff number and home unit, and
  the labels of Wagtail's admin history entries
  about the account (stored as the user name of the time).
"""

from __future__ import annotations

from datetime import datetime

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from accounts.models import PersonProfile
from accounts.policy import second_factor_required
from accounts.selectors import has_second_factor, recovery_codes_left
from audit.api import security_events_of
from core.labels import field_label

#: The audit log's actions that make up a person's login history, as the person reads them.
SIGN_IN_EVENTS = {
    "login.succeeded": gettext_lazy("Logged in"),
    "login.failed": gettext_lazy("Failed log-in with your user name"),
    "login.locked_out": gettext_lazy("Account locked after failed log-ins"),
    "axes.unlocked": gettext_lazy("Lockout lifted by the security administrator"),
    "session.expired": gettext_lazy("Logged out by the session time limit"),
    "otp.enrolled": gettext_lazy("Second factor set up"),
    "otp.failed": gettext_lazy("Wrong second-factor code"),
    "otp.recovery_code_used": gettext_lazy("Recovery code used"),
    "otp.reset": gettext_lazy("Second factor reset by the security administrator"),
    "otp.removed": gettext_lazy("Second factor switched off"),
}

_AXES_MODELS = (AccessAttempt, AccessFailureLog, AccessLog)


def _second_factor_rows(user) -> list[dict]:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()
    return [
        {
            _("Second factor set up"): has_second_factor(user),
            _("Required for your role"): second_factor_required(user),
            _("Authenticator added"): device.created_at if device else None,
            _("Authenticator last used"): device.last_used_at if device else None,
            _("Recovery codes left"): recovery_codes_left(user),
        }
    ]


def _history_row(at: datetime | None, event: str, address: str | None, kept_in: str) -> dict:
    return {_("Time"): at, _("Event"): event, _("Address"): address or "", _("Kept in"): kept_in}


def _login_history_rows(user) -> list[dict]:
    """The audit log's sign-in and second-factor events, and what django-axes holds under the user name
    (the failures counted towards a lockout, and its access logs where a deployment keeps them). Newest first."""
    audit_log, lockout = _("Audit log"), _("Lockout records")
    rows = [
        _history_row(event.at, str(SIGN_IN_EVENTS[event.action]), event.address, audit_log)
        for event in security_events_of(user=user, actions=SIGN_IN_EVENTS)
    ]
    username = user.get_username()
    for attempt in AccessAttempt.objects.filter(username=username):
        event = _("%(count)d failed log-ins counted towards a lockout") % {"count": attempt.failures_since_start}
        rows.append(_history_row(attempt.attempt_time, event, attempt.ip_address, lockout))
    for failure in AccessFailureLog.objects.filter(username=username):
        event = _("Failed log-in, account locked") if failure.locked_out else _("Failed log-in")
        rows.append(_history_row(failure.attempt_time, event, failure.ip_address, lockout))
    for access in AccessLog.objects.filter(username=username):
        rows.append(_history_row(access.attempt_time, _("Logged in"), access.ip_address, lockout))
        if access.logout_time:
            rows.append(_history_row(access.logout_time, _("Logged out"), access.ip_address, lockout))
    return sorted(rows, key=lambda row: row[_("Time")], reverse=True)


def _profile_rows(user) -> list[dict]:
    profile = PersonProfile.objects.filter(user=user).first()
    if profile is None:
        return []
    return [
        {
            field_label(PersonProfile, "phone"): profile.phone,
            field_label(PersonProfile, "staff_number"): profile.staff_number,
            field_label(PersonProfile, "home_unit"): profile.home_unit,
            field_label(PersonProfile, "must_change_password"): profile.must_change_password,
        }
    ]


def personal_records(*, user) -> dict[str, list[dict]]:
    """Section title → plain rows: the profile (手机号, 工号, 原单位), the second factor (whether it is on, never
    a secret) and the login history."""
    return {
        _("Phone, staff number and home unit"): _profile_rows(user),
        _("Second factor"): _second_factor_rows(user),
        _("Login history"): _login_history_rows(user),
    }


def _remove_avatar(user) -> int:
    """Clear the avatar in Wagtail's user profile; the file goes once the transaction has committed, so a
    failed anonymisation keeps it."""
    profile = UserProfile.objects.filter(user=user).first()
    if profile is None or not profile.avatar:
        return 0
    storage, name = profile.avatar.storage, profile.avatar.name
    profile.avatar = None
    profile.save(update_fields=["avatar"])
    transaction.on_commit(lambda: storage.delete(name))
    return 1


def anonymise_account_data(*, user, old_username: str, new_username: str) -> dict[str, int]:
    """Remove the login records kept under ``old_username`` and the avatar, and rename the account in the
    admin's history. Counts by kind. Runs inside the caller's transaction."""
    with transaction.atomic():
        login_records = 0
        for model in _AXES_MODELS:
            _total, by_model = model.objects.filter(username=old_username).delete()
            login_records += by_model.get(model._meta.label, 0)
        history = ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(get_user_model()), object_id=str(user.pk)
        ).update(label=new_username)
        profiles = PersonProfile.objects.filter(user=user).update(phone="", staff_number="", home_unit="")
        return {
            "login_records": login_records,
            "avatars": _remove_avatar(user),
            "admin_history_labels": history,
            "profiles": profiles,
        }
