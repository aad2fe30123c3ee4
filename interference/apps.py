from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterferenceConfig(AppConfig):
    """打招呼/说情 register: real approaches made to members during a round, read only by the round's leaders
    (who acknowledge them), the 管理员 role and the 审计员 role (read-only, in the admin)."""

    name = "interference"
    verbose_name = _("Approach register")
