"""Log-ins, failures and lockouts as audit entries, and the session clock started at each login."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from accounts import sessions
from accounts.people import MUST_CHANGE_SESSION_KEY, must_change_password
from accounts.policy import second_factor_required
from accounts.selectors import has_second_factor
from audit.api import record_security_event

# Set at login for a person who needs no second factor (a trainee without one): spares the middleware the
# device and group queries on each of their requests. A change of role takes effect at the next login.
NOT_NEEDED = "accounts.second_factor_not_needed"


def _typed_username(credentials: dict | None) -> str:
    return str((credentials or {}).get("username") or "")[:150]


@receiver(user_logged_in, dispatch_uid="accounts.login_succeeded")
def login_succeeded(sender, request, user, **kwargs):
    if request is None:
        return
    session = getattr(request, "session", None)
    if session is not None:
        sessions.start(session)
        if second_factor_required(user) or has_second_factor(user):
            session.pop(NOT_NEEDED, None)
        else:
            session[NOT_NEEDED] = True
        # An initial password (bulk enrolment, a re-issue): the person chooses their own before anything else.
        if must_change_password(user):
            session[MUST_CHANGE_SESSION_KEY] = True
        else:
            session.pop(MUST_CHANGE_SESSION_KEY, None)
    # Client.force_login (tests) logs in without a request from a browser: no address, still recorded.
    record_security_event(action="login.succeeded", request=request, actor=user, actor_name=user.get_username())


@receiver(user_login_failed, dispatch_uid="accounts.login_failed")
def login_failed(sender, credentials, request=None, **kwargs):
    record_security_event(action="login.failed", request=request, actor_name=_typed_username(credentials))


@receiver(user_locked_out, dispatch_uid="accounts.locked_out")
def locked_out(sender, request, username=None, ip_address=None, **kwargs):
    record_security_event(
        action="login.locked_out",
        request=request,
        actor_name=str(username or "")[:150],
        detail={"address": ip_address or ""},
    )


def record_session_expired(*, request, user, reason: str) -> None:
    record_security_event(
        action="session.expired", request=request, actor=user, actor_name=user.get_username(), detail={"why": reason}
    )
