from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    """Reminders to members behind schedule (a module due soon not started, a declaration missing): on the home
    page and by e-mail, at most once per item per week, with a weekly digest to round managers."""

    name = "reminders"
    verbose_name = _("Reminders")
