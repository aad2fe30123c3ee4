"""The 审计员's read-only list of every round's approach reports (menu 打招呼说情登记, for holders of
interference.view_approachreport)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from interference.admin_views import AuditListView
from interference.selectors import AUDIT_PERMISSION


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("interference/", AuditListView.as_view(), name="interference_audit_list"),
        path(
            "interference/results/",
            AuditListView.as_view(results_only=True),
            name="interference_audit_list_results",
        ),
    ]


class _RegisterMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(AUDIT_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return _RegisterMenuItem(_("Approach register"), reverse("interference_audit_list"), icon_name="warning", order=955)
