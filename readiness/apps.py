from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadinessConfig(AppConfig):
    """Who is ready for a round: computed from every other app's records, never stored; the office
    dashboard, its export and chart, and the trainee's own 我的学习."""

    name = "readiness"
    verbose_name = _("Readiness")
