from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from readiness.services import EXPORT_ACTION


@hooks.register("register_log_actions")
def register_dashboard_export_action(actions):
    actions.register_action(EXPORT_ACTION, _("Export round dashboard"), _("Exported the round dashboard"))
