"""Admin: find a person, see what the site holds about them, export it or anonymise them.

Only holders of ``privacy.export_personal_data`` or ``privacy.anonymise_person`` (系统管理员) get in; the
rules live in privacy.services.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.http import HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.admin_views import PermissionRequiredAdminMixin
from privacy import selectors, services
from privacy.models import ANONYMISE_PERSON, EXPORT_PERSONAL_DATA
from privacy.services import PrivacyError
from privacy.views import file_response

PEOPLE_PER_PAGE = 50


def may_see_people(user) -> bool:
    return user.has_perm(EXPORT_PERSONAL_DATA) or user.has_perm(ANONYMISE_PERSON)


class _PrivacyMixin(PermissionRequiredAdminMixin):
    """An action needs its own permission (``permission_required``); looking needs either (may_see_people).
    Nothing here is kept by a browser or proxy."""

    permission_required: str | None = None

    def has_permission(self, request) -> bool:
        return super().has_permission(request) if self.permission_required else may_see_people(request.user)

    def permission_denied(self, request):
        # A plain 403, not Wagtail's redirect to the dashboard: the access matrix expects a refusal.
        return HttpResponseForbidden(_("You do not have permission to see people's personal data."))

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        return response

    def get_person(self):
        return get_object_or_404(get_user_model(), pk=self.kwargs["user_id"])


class PeopleView(_PrivacyMixin, WagtailAdminTemplateMixin, TemplateView):
    page_title = gettext_lazy("Personal data")
    header_icon = "user"
    template_name = "privacy/admin/people.html"

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "")
        page = Paginator(selectors.people(query=query), PEOPLE_PER_PAGE).get_page(self.request.GET.get("p"))
        return {**super().get_context_data(**kwargs), "page_obj": page, "query": query}


class PersonView(_PrivacyMixin, WagtailAdminTemplateMixin, TemplateView):
    page_title = gettext_lazy("Personal data of one person")
    header_icon = "user"
    template_name = "privacy/admin/person.html"

    def get_context_data(self, **kwargs):
        person = self.get_person()
        return {
            **super().get_context_data(**kwargs),
            "person": person,
            "counts": selectors.record_counts(user=person),
            "can_export": self.request.user.has_perm(EXPORT_PERSONAL_DATA),
            "can_anonymise": self.request.user.has_perm(ANONYMISE_PERSON),
        }


class ExportPersonView(_PrivacyMixin, View):
    permission_required = EXPORT_PERSONAL_DATA
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        person = self.get_person()
        try:
            exported = services.export_person_data(
                subject=person, request=request, file_format=request.POST.get("format", "xlsx")
            )
        except PrivacyError as error:
            messages.error(request, error.messages[0])
            return redirect("privacy_person", user_id=person.pk)
        return file_response(exported)


class AnonymisePersonView(_PrivacyMixin, WagtailAdminTemplateMixin, TemplateView):
    permission_required = ANONYMISE_PERSON
    page_title = gettext_lazy("Anonymise a person")
    header_icon = "warning"
    template_name = "privacy/admin/anonymise.html"

    def get_context_data(self, **kwargs):
        person = self.get_person()
        return {
            **super().get_context_data(**kwargs),
            "person": person,
            "counts": selectors.record_counts(user=person),
            "placeholder": services.PLACEHOLDER,
            "new_username": services.ANONYMOUS_USERNAME.format(id=person.pk),
        }

    def post(self, request, *args, **kwargs):
        person = self.get_person()
        if request.POST.get("confirm") != "1":
            messages.error(request, _("Tick the box to confirm."))
            return redirect("privacy_person_anonymise", user_id=person.pk)
        try:
            services.anonymise_person(subject=person, actor=request.user, request=request)
        except PrivacyError as error:
            messages.error(request, error.messages[0])
            return redirect("privacy_person_anonymise", user_id=person.pk)
        messages.success(request, _("The person has been anonymised; their records are kept for the statistics."))
        return redirect("privacy_person", user_id=person.pk)


urlpatterns = [
    path("", PeopleView.as_view(), name="privacy_people"),
    path("<int:user_id>/", PersonView.as_view(), name="privacy_person"),
    path("<int:user_id>/export/", ExportPersonView.as_view(), name="privacy_person_export"),
    path("<int:user_id>/anonymise/", AnonymisePersonView.as_view(), name="privacy_person_anonymise"),
]
