"""The revision impact list in the admin: its pages, a menu item and the open count on the admin home, for
those who work through it (编辑, 审核, 管理员)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.site_summary import SummaryItem

from revision_impact import selectors
from revision_impact.models import WORK_PERMISSION
from revision_impact.views import CheckView, ImpactListView, RepointAllView, RepointView


@hooks.register("register_admin_urls")
def register_impact_urls():
    return [
        path("revision-impact/", ImpactListView.as_view(), name="revision_impact_list"),
        path("revision-impact/<int:pk>/repoint/", RepointView.as_view(), name="revision_impact_repoint"),
        path("revision-impact/repoint-same/", RepointAllView.as_view(), name="revision_impact_repoint_all"),
        path("revision-impact/<int:pk>/check/", CheckView.as_view(), name="revision_impact_check"),
    ]


class _ImpactMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(WORK_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_impact_menu_item():
    return _ImpactMenuItem(_("Revision impact list"), reverse("revision_impact_list"), icon_name="warning", order=312)


class OpenImpactSummaryItem(SummaryItem):
    """ "N 项修订影响待处理" on the admin home."""

    order = 150
    template_name = "revision_impact/home_summary.html"

    def get_context_data(self, parent_context):
        return {"open_count": selectors.open_count(), "url": reverse("revision_impact_list")}

    def is_shown(self):
        return self.request.user.has_perm(WORK_PERMISSION)


@hooks.register("construct_homepage_summary_items")
def add_open_impact_count(request, summary_items):
    summary_items.append(OpenImpactSummaryItem(request))
