from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Site core")

    def ready(self):
        from core import choosers, navigation, staff

        navigation.connect()
        staff.install_page_delete_rule()
        staff.install_upload_delete_rule()
        # Before wagtail.snippets (later in INSTALLED_APPS) registers the snippets and their choosers.
        choosers.install_snippet_chooser_scope()
