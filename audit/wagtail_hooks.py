"""The audit log in the admin (menu 审计日志, for holders of audit.view_auditentry), and a link from each user
in the admin's user list to the entries about that person ("who viewed or exported this person's data")."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import Button

from audit import admin_views
from audit.selectors import may_read_log


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("audit/", include(admin_views.urlpatterns))]


class _AuditMenuItem(MenuItem):
    def is_shown(self, request):
        return may_read_log(request.user)


@hooks.register("register_admin_menu_item")
def register_audit_menu_item():
    return _AuditMenuItem(_("Audit log"), reverse("audit_log"), icon_name="list-ul", order=950)


@hooks.register("register_user_listing_buttons")
def entries_about_user(user, request_user):
    if not may_read_log(request_user):
        return []
    url = f"{reverse('audit_log')}?subject={user.pk}"
    return [Button(_("Who viewed this person's data"), url=url, icon_name="list-ul", priority=90)]
