from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoundsConfig(AppConfig):
    """Inspection rounds, their teams and members, study packs, and each member's readiness."""

    name = "rounds"
    verbose_name = _("Inspection rounds")

    def ready(self):
        from rounds import events
        from rounds.enrolment import hooks

        events.connect()
        hooks.register()  # 批量导入成员: admin URLs and menu entry
