"""Log in, the second factor (set up, verify), the person's account security page, password change and
the e-mail password reset (only where the deployment enables it)."""

from base64 import b32encode
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import DEVICE_ID_SESSION_KEY

from accounts import people, services
from accounts.forms import CodeForm, OwnPasswordChangeForm, RemoveSecondFactorForm, ThrottledPasswordResetForm
from accounts.policy import second_factor_required
from accounts.receivers import NOT_NEEDED
from accounts.selectors import has_second_factor, pending_totp, recovery_codes_left
from accounts.sessions import Expiry
from core import resubmit
from core.addresses import client_address

EXPIRY_MESSAGES = {
    Expiry.IDLE: lambda: (
        _("You were logged out after %(minutes)d minutes without activity. Please log in again.")
        % {"minutes": settings.ACCOUNTS_IDLE_TIMEOUT.total_seconds() // 60}
    ),
    Expiry.LIFETIME: lambda: (
        _("Your session has lasted %(hours)d hours, the longest allowed. Please log in again.")
        % {"hours": settings.ACCOUNTS_SESSION_LIFETIME.total_seconds() // 3600}
    ),
}


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        expired = self.request.GET.get("expired")
        if expired in {e.value for e in Expiry}:
            context["expired_message"] = EXPIRY_MESSAGES[Expiry(expired)]()
        context["password_reset_enabled"] = settings.ACCOUNTS_PASSWORD_RESET_ENABLED
        context["lockout_limit"] = settings.AXES_FAILURE_LIMIT
        # A form posted after the login ran out: kept for 重新提交 after logging in, or it was not saved.
        context["resubmit_lost"] = self.request.GET.get(resubmit.UNSAVED_PARAM) == "1"
        resubmitting = self.request.GET.get("next") == reverse("resubmit")
        context["resubmit_kept"] = resubmitting and resubmit.is_kept(self.request)
        return context


def _next(request, default: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return default
    return target


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def _secret_text(device) -> str:
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _qr_svg(device) -> str:
    return segno.make(device.config_url, micro=False).svg_inline(scale=5, border=2, omitsize=True)


@require_http_methods(["GET", "POST"])
def enrol(request):
    """Set up the authenticator: start (a new secret), scan the QR code, confirm with the first code, and
    see the recovery codes once."""
    user = request.user
    next_url = _next(request)
    if has_second_factor(user) and not user.is_verified():
        # Replacing a second factor needs the current one first: a password alone must not do it.
        return HttpResponseRedirect(_with_next("accounts:second_factor_verify", next_url))
    form = CodeForm()
    if request.method == "POST":
        if request.POST.get("action") == "start":
            services.start_totp_enrolment(user=user)
            return HttpResponseRedirect(_with_next("accounts:second_factor_enrol", next_url))
        form = CodeForm(request.POST)
        if form.is_valid():
            try:
                codes = services.confirm_totp_enrolment(request=request, user=user, token=form.cleaned_data["token"])
            except services.AccountSecurityError as error:
                form.add_error("token", str(error))
            else:
                request.session.pop(NOT_NEEDED, None)
                context = {"codes": codes, "next": next_url}
                return render(request, "accounts/recovery_codes.html", context)
    device = pending_totp(user)
    context = {
        "device": device,
        "form": form,
        "next": next_url,
        "required": second_factor_required(user),
        "replacing": has_second_factor(user),
    }
    if device is not None:
        context.update(qr_svg=_qr_svg(device), secret=_secret_text(device))
    return render(request, "accounts/enrol.html", context)


@require_http_methods(["GET", "POST"])
def verify(request):
    user = request.user
    next_url = _next(request)
    if user.is_verified():
        return HttpResponseRedirect(next_url)
    if not has_second_factor(user):
        return HttpResponseRedirect(_with_next("accounts:second_factor_enrol", next_url))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.verify_second_factor(request=request, user=user, token=form.cleaned_data["token"]):
            return HttpResponseRedirect(next_url)
        form.add_error(
            "token",
            _("The code is not correct, or was tried too often: wait a little, then type the current code."),
        )
    return render(request, "accounts/verify.html", {"form": form, "next": next_url})


def security(request):
    """The person's own page: second factor, recovery codes left, password change."""
    user = request.user
    context = {
        "has_second_factor": has_second_factor(user),
        "required": second_factor_required(user),
        "codes_left": recovery_codes_left(user),
        "remove_form": RemoveSecondFactorForm(),
    }
    return render(request, "accounts/security.html", context)


@require_POST
def remove_second_factor(request):
    """Switch one's own second factor off (only where the role does not require one); back to the account page
    with what happened."""
    form = RemoveSecondFactorForm(request.POST)
    form.is_valid()  # both fields are optional: the service says what is missing
    data = form.cleaned_data
    try:
        services.remove_own_second_factor(
            request=request, user=request.user, password=data.get("password", ""), token=data.get("token", "")
        )
    except services.AccountSecurityError as error:
        messages.error(request, str(error))
    else:
        request.session.pop(DEVICE_ID_SESSION_KEY, None)
        request.session[NOT_NEEDED] = True
        messages.success(request, _("The second factor is off. You log in with your password alone."))
    return HttpResponseRedirect(reverse("accounts:security"))


class PasswordChangeView(auth_views.PasswordChangeView):
    """Also the forced change after an initial password (``accounts.middleware.ForcedPasswordChangeMiddleware``
    keeps the person here): then it says why, and goes on to where they were heading."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:security")
    form_class = OwnPasswordChangeForm

    def _forced(self) -> bool:
        return bool(self.request.session.get(people.MUST_CHANGE_SESSION_KEY))

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "forced": self._forced(), "next": _next(self.request, "")}

    def form_valid(self, form):
        forced = self._forced()
        people.change_password(request=self.request, form=form)
        messages.success(self.request, _("Your password has been changed."))
        if forced:
            return HttpResponseRedirect(_next(self.request))
        return HttpResponseRedirect(self.get_success_url())


class _ResetEnabledMixin:
    """The reset pages exist only where the deployment sends mail (ACCOUNTS_PASSWORD_RESET_ENABLED)."""

    def dispatch(self, request, *args, **kwargs):
        if not settings.ACCOUNTS_PASSWORD_RESET_ENABLED:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


@method_decorator(login_not_required, name="dispatch")
class PasswordResetView(_ResetEnabledMixin, auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    form_class = ThrottledPasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "address": client_address(self.request) or ""}


@method_decorator(login_not_required, name="dispatch")
class PasswordResetDoneView(_ResetEnabledMixin, auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


@method_decorator(login_not_required, name="dispatch")
class PasswordResetConfirmView(_ResetEnabledMixin, auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


@method_decorator(login_not_required, name="dispatch")
class PasswordResetCompleteView(_ResetEnabledMixin, auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
