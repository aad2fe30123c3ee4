"""The packages' place in the admin: menu, views and the page-history line that names an item's source."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from packages import admin_urls
from packages.models import IMPORT_PERMISSION


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("packages/", include((admin_urls.urlpatterns, "packages"), namespace="packages"))]


class PackagesMenuItem(MenuItem):
    def is_shown(self, request):
        user = request.user
        return user.has_perm("packages.view_packageexport") or user.has_perm(IMPORT_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return PackagesMenuItem(_("Content packages"), "/admin/packages/", icon_name="download", order=620)


@hooks.register("register_log_actions")
def register_log_actions(actions):
    from wagtail.log_actions import LogFormatter

    @actions.register_action("packages.source")
    class ImportedFrom(LogFormatter):
        label = _("Imported from a content package")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return _("Source: %(source)s (package “%(package)s”, version %(version)s)") % {
                "source": data.get("source", ""),
                "package": data.get("package", ""),
                "version": data.get("version", ""),
            }
