from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DrillsConfig(AppConfig):
    """定性练习: every published case as a characterisation drill (category, articles, one sentence)."""

    name = "drills"
    verbose_name = _("Characterisation drills")
