from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadinessConfig(AppConfig):
    """Who is ready for a round: computed from every other app's records, never stored; the office
    dashboard, its export and chart, and the trainee's own 我的学习."""

    name = "readiness"
    verbose_name = _("Readiness")

    def ready(self):
        from core.home_panels import register
        from courses.api import set_learning_path
        from quizzes.api import set_attempt_window, set_result_scope
        from readiness import path
        from readiness.home import next_step_panel
        from readiness.quiz_window import attempt_window
        from rounds.api import managed_member_user_ids

        register(next_step_panel)  # the home page starts with the trainee's own next step

        # Lesson pages and the studied button: locks and the next step (courses cannot ask the apps above it).
        set_learning_path(path)
        # Quiz results and exports: the members of the rounds the viewer manages (quizzes cannot ask rounds).
        set_result_scope(lambda viewer: managed_member_user_ids(user=viewer))
        # A quiz asked for again in a new round (validity windows) has its full attempt limit there.
        set_attempt_window(attempt_window)
