"""The packages' home in the admin: this office's name, its exports, the packages it took in and what they
brought."""

from __future__ import annotations

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.admin_views import PermissionRequiredAdminMixin
from packages import exporting, reviewing, selectors
from packages.forms import OfficeNameForm
from packages.kinds import kind_for_model
from packages.models import APPROVE_PERMISSION, IMPORT_PERMISSION
from packages.views.common import edit_url

VIEW_PERMISSION = "packages.view_packageexport"
ADD_PERMISSION = "packages.add_packageexport"
OFFICE_PERMISSION = "packages.change_officeidentity"
#: A package of a county's whole case library brings thousands of items; the list shows them a page at a time.
IMPORTED_PER_PAGE = 100


def may_use_packages(user) -> bool:
    return user.has_perm(VIEW_PERMISSION) or user.has_perm(IMPORT_PERMISSION)


class IndexView(PermissionRequiredAdminMixin, WagtailAdminTemplateMixin, TemplateView):
    page_title = gettext_lazy("Content packages")
    header_icon = "download"
    template_name = "packages/index.html"

    def has_permission(self, request) -> bool:
        return may_use_packages(request.user)

    def get_context_data(self, **kwargs):
        user = self.request.user
        office = selectors.office_identity()
        page = Paginator(selectors.imported_items_list(), IMPORTED_PER_PAGE).get_page(self.request.GET.get("page"))
        rows = imported_rows(list(page.object_list)) if user.has_perm(IMPORT_PERMISSION) else []
        return {
            **super().get_context_data(**kwargs),
            "office": office,
            "office_form": OfficeNameForm(initial={"name": office.name if office else ""}),
            "may_name_office": user.has_perm(OFFICE_PERMISSION),
            "may_see_exports": user.has_perm(VIEW_PERMISSION),
            "may_export": user.has_perm(ADD_PERMISSION),
            "may_approve": user.has_perm(APPROVE_PERMISSION),
            "may_import": user.has_perm(IMPORT_PERMISSION),
            "exports": list(selectors.exports_list()) if user.has_perm(VIEW_PERMISSION) else [],
            "uploads": list(selectors.uploads_list()) if user.has_perm(IMPORT_PERMISSION) else [],
            "imported": rows,
            "imported_page": page if page.paginator.num_pages > 1 else None,
            "waiting": any(row["waiting"] for row in rows),
        }


def imported_rows(items: list) -> list[dict]:
    titles = selectors.package_titles(keys={item.package_key for item in items})
    questions = [item.object_id for item in items if item.model == reviewing.QUESTION_MODEL]
    waiting = reviewing.waiting_question_ids(question_ids=questions) if questions else set()
    rows = []
    for item in items:
        try:
            kind = kind_for_model(apps.get_model(item.model))
        except (LookupError, ValueError):
            kind = None
        rows.append(
            {
                "item": item,
                "kind_label": kind.label if kind else item.model,
                "package": titles.get((item.package_key, item.version), item.package_key),
                "edit_url": edit_url(item.model, item.object_id),
                "waiting": item.model == reviewing.QUESTION_MODEL and item.object_id in waiting,
            }
        )
    return rows


class OfficeNameView(PermissionRequiredAdminMixin, View):
    permission_required = OFFICE_PERMISSION
    http_method_names = ["post"]

    def permission_denied(self, request):
        raise PermissionDenied

    def post(self, request):
        try:
            exporting.set_office_name(name=request.POST.get("name", ""), user=request.user, request=request)
        except exporting.ExportError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The office's name was saved."))
        return redirect("packages:index")


class ReleaseQuestionsView(PermissionRequiredAdminMixin, View):
    """A reviewer lets imported questions they have read into quiz draws."""

    permission_required = APPROVE_PERMISSION
    http_method_names = ["post"]

    def post(self, request):
        ids = [int(value) for value in request.POST.getlist("question") if value.isdigit()]
        try:
            released = reviewing.release_questions(question_ids=ids, reviewer=request.user, request=request)
        except reviewing.ReviewError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("%(n)s questions now take part in quiz draws.") % {"n": released})
        return redirect("packages:index")
