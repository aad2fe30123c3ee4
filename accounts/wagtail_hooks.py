from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from accounts import admin_views


@hooks.register("register_admin_urls")
def register_account_security_urls():
    return [path("account-security/", include(admin_views.urlpatterns))]


class _AccountSecurityMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.may_see_page(request.user)


@hooks.register("register_settings_menu_item")
def register_account_security_menu_item():
    return _AccountSecurityMenuItem(
        _("Account security"), reverse("accounts_admin_security"), icon_name="lock", order=950
    )
