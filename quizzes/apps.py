from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    """Question bank, quizzes, attempts, marking, the wrong-answer book and results."""

    name = "quizzes"
    verbose_name = _("Quizzes")

    def ready(self):
        from quizzes import events

        events.connect()
