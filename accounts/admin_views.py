"""Admin: the security administrator's page (安全管理员). Current lockouts, with unlock; one person's
second factor, with reset. Each action is a POST and an audit entry."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from accounts import services
from accounts.forms import UnlockForm
from accounts.selectors import current_lockouts, has_second_factor, recovery_codes_left
from core.admin_views import PermissionRequiredAdminMixin

RESET_PERMISSION = "accounts.reset_second_factor"
UNLOCK_PERMISSION = "accounts.unlock_account"


def may_see_page(user) -> bool:
    return user.has_perm(RESET_PERMISSION) or user.has_perm(UNLOCK_PERMISSION)


class AccountSecurityView(PermissionRequiredAdminMixin, WagtailAdminTemplateMixin, TemplateView):
    page_title = gettext_lazy("Account security")
    header_icon = "lock"
    template_name = "accounts/admin/account_security.html"

    def has_permission(self, request) -> bool:
        """Either of the two permissions: each sees only its own half of the page."""
        return may_see_page(request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        query = self.request.GET.get("username", "").strip()
        person = get_user_model().objects.filter(username=query).first() if query else None
        context.update(
            may_reset=user.has_perm(RESET_PERMISSION),
            may_unlock=user.has_perm(UNLOCK_PERMISSION),
            lockouts=current_lockouts() if user.has_perm(UNLOCK_PERMISSION) else [],
            unlock_form=UnlockForm(),
            query=query,
            person=person,
            person_has_second_factor=person is not None and has_second_factor(person),
            person_codes_left=recovery_codes_left(person) if person is not None else 0,
        )
        return context


class UnlockView(View):
    http_method_names = ["post"]

    def post(self, request):
        if not request.user.has_perm(UNLOCK_PERMISSION):
            raise PermissionDenied
        form = UnlockForm(request.POST)
        if form.is_valid():
            services.unlock_account(
                request=request,
                actor=request.user,
                username=form.cleaned_data["username"],
                address=form.cleaned_data["address"] or "",
            )
            messages.success(request, _("Unlocked. The person can log in again now."))
        else:
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return HttpResponseRedirect(reverse("accounts_admin_security"))


class ResetSecondFactorView(View):
    http_method_names = ["post"]

    def post(self, request, user_id: int):
        if not request.user.has_perm(RESET_PERMISSION):
            raise PermissionDenied
        person = get_object_or_404(get_user_model(), pk=user_id)
        services.reset_second_factor(request=request, actor=request.user, user=person)
        messages.success(
            request,
            _("The second factor of %(name)s has been removed. They set up a new one at their next login.")
            % {"name": person.get_username()},
        )
        return HttpResponseRedirect(f"{reverse('accounts_admin_security')}?username={person.get_username()}")


urlpatterns = [
    path("", AccountSecurityView.as_view(), name="accounts_admin_security"),
    path("unlock/", UnlockView.as_view(), name="accounts_admin_unlock"),
    path("<int:user_id>/reset-second-factor/", ResetSecondFactorView.as_view(), name="accounts_admin_reset"),
]
