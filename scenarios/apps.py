from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScenariosConfig(AppConfig):
    """情景演练: branching scenarios written by editors, played step by step, with red-line endings."""

    name = "scenarios"
    verbose_name = _("Scenario drills")
