from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DesensitisationConfig(AppConfig):
    """脱敏检查: flags likely real names, numbers, units and places in a page before it is published or shared."""

    name = "desensitisation"
    verbose_name = _("Anonymisation check")
