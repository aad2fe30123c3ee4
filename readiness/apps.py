from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadinessConfig(AppConfig):
    """Who is ready for a round: computed from every other app's records, never stored; the office
    dashboard, its export and chart, and the trainee's own 我的学习."""

    name = "readiness"
    verbose_name = _("Readiness")

    def ready(self):
        from quizzes.api import set_result_scope
        from rounds.api import managed_member_user_ids

        # Quiz results and exports: the members of the rounds the viewer manages (quizzes cannot ask rounds).
        set_result_scope(lambda viewer: managed_member_user_ids(user=viewer))
