"""The 脱敏 check page of one page, in the admin. Thin: reads in selectors, writes in services; clearing and
withdrawing are POSTs that come back to the check page."""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from desensitisation import selectors, services
from desensitisation.models import CLEAR_PERMISSION


class _PageEditorMixin:
    """Anyone who may edit the page; everyone else gets a 404, as if the page did not exist."""

    def dispatch(self, request, *args, page_id: int, **kwargs):
        self.page = get_object_or_404(Page, pk=page_id).specific
        if not self.page.permissions_for_user(request.user).can_edit():
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class PageCheckView(_PageEditorMixin, WagtailAdminTemplateMixin, TemplateView):
    page_title = gettext_lazy("Anonymisation check")
    header_icon = "warning"
    template_name = "desensitisation/page_check.html"

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        flags = selectors.page_flags(page=self.page)
        return {
            **super().get_context_data(**kwargs),
            "checked_page": self.page,
            "groups": [(field, list(items)) for field, items in groupby(flags, key=lambda flag: flag.field)],
            "flag_count": len(flags),
            "cleared_count": sum(flag.cleared for flag in flags),
            "may_clear": self.request.user.has_perm(CLEAR_PERMISSION),
            "edit_url": reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
        }


class _ActionView(_PageEditorMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            message = self.act(request)
        except services.ClearanceError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, message)
        return redirect("desensitisation_page_check", page_id=self.page.pk)


class ClearView(_ActionView):
    def act(self, request) -> str:
        text = request.POST.get("text", "")
        services.clear_flag(
            page=self.page,
            kind=request.POST.get("kind", ""),
            text=text,
            reason=request.POST.get("reason", ""),
            reviewer=request.user,
            request=request,
        )
        return _("Cleared: “%(text)s” is not real personal data.") % {"text": text}


class WithdrawView(_ActionView):
    def act(self, request) -> str:
        try:
            clearance_id = int(request.POST.get("clearance", ""))
        except ValueError:
            raise services.ClearanceError(_("Unknown clearance.")) from None
        services.withdraw_clearance(page=self.page, clearance_id=clearance_id, reviewer=request.user, request=request)
        return _("The clearance was withdrawn: the flag counts again.")
