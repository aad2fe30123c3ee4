import logging
import traceback

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.db.models import ProtectedError, RestrictedError
from django.http import HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from core import resubmit
from core.access import can_access_admin

logger = logging.getLogger(__name__)


class IntranetLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Every front-end URL needs a login (Django's LoginRequiredMiddleware).

    The Wagtail admin is left to its own login page, except that a signed-in user without
    admin access (a trainee) gets a clear 403 instead of being bounced back to a login form.

    A form posted without a login (the session ran out during a quiz) is kept for 重新提交 after logging
    in (core.resubmit), or the login page says it was not saved.
    """

    # Posts that are never kept to be replayed: logging out again after logging in makes no sense.
    NOT_KEPT_VIEWS = {"logout"}

    def process_view(self, request, view_func, view_args, view_kwargs):
        admin_prefix = reverse("wagtailadmin_home")
        if request.path_info.startswith(admin_prefix):
            if request.user.is_authenticated and not can_access_admin(request.user):
                return render(request, "core/admin_forbidden.html", status=403)
            return None
        if request.user.is_authenticated:
            resubmit.note_replayed(request)
        return super().process_view(request, view_func, view_args, view_kwargs)

    def handle_no_permission(self, request, view_func):
        match = getattr(request, "resolver_match", None)
        if request.method != "POST" or (match is not None and match.view_name in self.NOT_KEPT_VIEWS):
            return super().handle_no_permission(request, view_func)
        kept = resubmit.stash_post(request)
        target = resubmit.login_redirect_url(
            kept=kept, login_url=resolve_url(self.get_login_url(view_func)), next_path=request.get_full_path()
        )
        return HttpResponseRedirect(target)


class PrivateNoStoreMiddleware:
    """`Cache-Control: private, no-store` on every response to a signed-in user (等保: no personal pages in caches).

    Pages, exports and files all carry personal data or access-controlled content once someone is
    signed in, so no browser or proxy may keep them. A response that chose its own Cache-Control keeps
    it; static files never reach this (WhiteNoise answers them earlier, with their long cache).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response


class PathPolicyCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the Wagtail admin's own, looser policy under /admin/.

    The site's pages get CONTENT_SECURITY_POLICY (no inline script or style at all). The Wagtail admin
    writes inline scripts and style attributes that it does not let us move, so paths under the admin
    get ADMIN_CONTENT_SECURITY_POLICY instead. A view's own @csp_override still wins.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request=request, response=response, report_only=report_only)
        if not report_only and parts.config is None and request.path_info.startswith(reverse("wagtailadmin_home")):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts


class ProtectedDeleteMiddleware:
    """A delete in the admin that hits a protected row (on_delete=PROTECT/RESTRICT) gets a Chinese message, not a 500.

    Django raises ProtectedError while collecting what to delete, before anything is deleted, so nothing
    is half-done: the person is sent back to the page they came from with the reasons (a few of the rows
    that still use it). Covers every admin delete path: snippets, pages, bulk actions.
    """

    EXAMPLES = 5

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ProtectedError | RestrictedError):
            return None
        if not request.path_info.startswith(reverse("wagtailadmin_home")):
            return None
        blocking = list(getattr(exception, "protected_objects", None) or getattr(exception, "restricted_objects", ()))
        examples = "；".join(f"{obj._meta.verbose_name}“{obj}”" for obj in blocking[: self.EXAMPLES])
        messages.error(
            request,
            _(
                "It cannot be deleted: %(count)s record(s) still use it, for example %(examples)s. "
                "Records that must be kept (signed declarations, answered quizzes) keep it in use for good; "
                "otherwise change or delete those first."
            )
            % {"count": len(blocking), "examples": examples},
        )
        back = request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
            back = request.get_full_path()
        return HttpResponseRedirect(back)


class IncompleteAdminPostMiddleware:
    """A POST to the admin that lacks the fields one of Wagtail's own forms expects: a 400, not a 500.

    Some Wagtail code reads the POST without checking it (a snippet chooser's "create" with no form, a
    StreamField without its "-count" field, copying a page without a parent, the external-link chooser,
    the redirects import without its format). A browser never sends such a POST, but the issue's empty-POST
    sweep (tests/security/test_access_matrix.py) does, and a 500 would alert the operators for nothing.
    Only the two exceptions these slips raise are caught, only under the admin, and only when Wagtail's code
    (not ours, and not Django's on our behalf) raised them; each is logged with its traceback, so a real
    fault in our own code still shows as a 500.
    """

    CAUGHT = (KeyError, AttributeError)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if request.method != "POST" or not isinstance(exception, self.CAUGHT):
            return None
        if not request.path_info.startswith(reverse("wagtailadmin_home")):
            return None
        if not _raised_in_wagtail(exception):
            return None
        logger.warning("Incomplete POST to %s answered with 400", request.path, exc_info=exception)
        return render(request, "core/incomplete_post.html", status=400)


def _raised_in_wagtail(exception: BaseException) -> bool:
    """Whether the innermost frame outside Django itself belongs to the wagtail package."""
    culprit = None
    for frame, _line in traceback.walk_tb(exception.__traceback__):
        module = frame.f_globals.get("__name__", "")
        if not (module == "django" or module.startswith("django.")):
            culprit = module
    return culprit is not None and (culprit == "wagtail" or culprit.startswith("wagtail."))
