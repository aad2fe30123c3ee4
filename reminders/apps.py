from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    """Reminders to members behind schedule (a module due soon not started, a declaration missing): on the home
    page and by e-mail, at most once per item per week, with a weekly digest to round managers."""

    name = "reminders"
    verbose_name = _("Reminders")

    def ready(self):
        from core.home_panels import register_section
        from reminders.home import reminders_section

        register_section(reminders_section)  # under the next step: what is due soon or overdue
