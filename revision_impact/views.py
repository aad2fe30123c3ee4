"""Admin pages of the revision impact list (修订影响清单). Thin: reads in selectors, writes in services;
every action is a POST and comes back to the list."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.admin_views import PermissionRequiredAdminMixin
from revision_impact import selectors, services
from revision_impact.models import WORK_PERMISSION

PER_PAGE = 50
SETTINGS_PERMISSION = "revision_impact.change_revisionimpactsettings"


class _WorkerMixin(PermissionRequiredAdminMixin):
    """The list and each of its actions: for those who work the list (WORK_PERMISSION)."""

    permission_required = WORK_PERMISSION


class ImpactListView(_WorkerMixin, WagtailAdminTemplateMixin, TemplateView):
    page_title = gettext_lazy("Revision impact list")
    header_icon = "warning"
    template_name = "revision_impact/impact_list.html"

    def get_context_data(self, **kwargs):
        show_closed = self.request.GET.get("show") == "all"
        page = Paginator(selectors.impact_rows(include_closed=show_closed), PER_PAGE).get_page(
            self.request.GET.get("page")
        )
        return {
            **super().get_context_data(**kwargs),
            "rows": selectors.rows_for(page.object_list),
            "page_obj": page,
            "show_closed": show_closed,
            "open_count": selectors.open_count(),
            "same_wording_count": selectors.same_wording_open_count(),
            "withholding_on": selectors.withholding_on(),
            "may_change_settings": self.request.user.has_perm(SETTINGS_PERMISSION),
            "back": self.request.get_full_path(),
        }


class _ActionView(_WorkerMixin, View):
    http_method_names = ["post"]

    def back(self):
        """The list as the editor left it (only our own list's address is followed)."""
        target = self.request.POST.get("back", "")
        base = reverse("revision_impact_list")
        if target.startswith(base + "?") or target == base:
            return redirect(target)
        return redirect(base)

    def post(self, request, *args, **kwargs):
        try:
            message = self.act(request, **kwargs)
        except services.ImpactError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, message)
        return self.back()


class RepointView(_ActionView):
    def act(self, request, pk: int) -> str:
        item = services.repoint_item(item_id=pk, user=request.user)
        return _("“%(item)s” now cites the article in force.") % {"item": item.title}


class RepointAllView(_ActionView):
    def act(self, request) -> str:
        done, skipped = services.repoint_all(user=request.user)
        if skipped:
            return _("%(done)d items re-pointed; %(skipped)d could not be (check them one by one).") % {
                "done": done,
                "skipped": skipped,
            }
        return _("%(done)d items re-pointed.") % {"done": done}


class CheckView(_ActionView):
    def act(self, request, pk: int) -> str:
        item = services.mark_checked(item_id=pk, user=request.user, note=request.POST.get("note", ""))
        return _("“%(item)s” marked as checked.") % {"item": item.title}
