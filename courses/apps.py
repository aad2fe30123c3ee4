from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    """Onboarding tracks, modules, lessons and readiness (built in the onboarding issue)."""

    name = "courses"
    verbose_name = _("Courses")
