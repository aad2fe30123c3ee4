"""Two checks on every request of a signed-in person, after django-otp has read the session.

``SessionLifetimeMiddleware`` ends a session that has been idle too long or has lasted a working day.
``SecondFactorRequiredMiddleware`` keeps a person who must pass a second factor on the enrolment or
verification page (and logout) until they have, on the site and in /admin/ alike.
``ForcedPasswordChangeMiddleware`` then keeps a person with an initial password on the password change page
(and logout) until they have chosen their own.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.deprecation import MiddlewareMixin

from accounts import sessions
from accounts.people import MUST_CHANGE_SESSION_KEY
from accounts.policy import second_factor_required
from accounts.receivers import NOT_NEEDED, record_session_expired
from accounts.selectors import has_second_factor
from core import resubmit

# Where a person who still owes the second factor may go.
OPEN_BEFORE_SECOND_FACTOR = {
    "login",
    "logout",
    "healthz",
    "wagtailadmin_logout",
    "accounts:second_factor_enrol",
    "accounts:second_factor_verify",
}


def _view_name(request) -> str:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None else ""


def login_url(*, next_path: str, expired: str | None = None) -> str:
    query = {"next": next_path}
    if expired:
        query["expired"] = expired
    return f"{reverse('login')}?{urlencode(query)}"


def _login_after_expiry(request, *, user, reason: str) -> str:
    """The login page after the session ended; a form posted just then is kept for 重新提交 (core.resubmit)."""
    if request.method != "POST":
        return login_url(next_path=request.get_full_path(), expired=reason)
    kept = resubmit.stash_post(request, user_id=user.pk)
    target = resubmit.login_redirect_url(kept=kept, login_url=reverse("login"), next_path=request.get_full_path())
    return f"{target}&{urlencode({'expired': reason})}"


class SessionLifetimeMiddleware(MiddlewareMixin):
    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        reason = sessions.expiry(request.session)
        if reason is not None:
            user = request.user
            logout(request)
            record_session_expired(request=request, user=user, reason=reason)
            return HttpResponseRedirect(_login_after_expiry(request, user=user, reason=reason))
        if _view_name(request) not in settings.ACCOUNTS_PASSIVE_VIEWS:
            sessions.note_activity(request.session)
        return None


class SecondFactorRequiredMiddleware(MiddlewareMixin):
    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or request.session.get(NOT_NEEDED):
            return None
        if _view_name(request) in OPEN_BEFORE_SECOND_FACTOR or user.is_verified():
            return None
        if has_second_factor(user):
            target = "accounts:second_factor_verify"
        elif second_factor_required(user):
            target = "accounts:second_factor_enrol"
        else:
            request.session[NOT_NEEDED] = True
            return None
        return HttpResponseRedirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


# Where a person who must still choose their own password may go (static files never reach a view).
OPEN_BEFORE_PASSWORD_CHANGE = OPEN_BEFORE_SECOND_FACTOR | {"accounts:password_change"}


class ForcedPasswordChangeMiddleware(MiddlewareMixin):
    """After the second factor: the session flag is set at log-in (``accounts.receivers``), so this costs no
    query; the change clears it (``accounts.people.change_password``)."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated or not request.session.get(MUST_CHANGE_SESSION_KEY):
            return None
        if _view_name(request) in OPEN_BEFORE_PASSWORD_CHANGE:
            return None
        target = reverse("accounts:password_change")
        return HttpResponseRedirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
