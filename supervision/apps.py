from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    """监督要点: what to look at in each kind of unit, and each team's field pack for a round."""

    name = "supervision"
    verbose_name = _("Supervision points")
