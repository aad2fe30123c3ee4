from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DrillsConfig(AppConfig):
    """定性练习: every published case as a characterisation drill (category, articles, one sentence)."""

    name = "drills"
    verbose_name = _("Characterisation drills")

    def ready(self):
        # The sentences wait beside the quizzes' answers on the 阅卷 page (quizzes lists queues registered from above).
        from drills.models import MARK_PERMISSION
        from drills.selectors import unmarked_count
        from quizzes.api import MarkingQueue, register_marking_queue

        register_marking_queue(
            MarkingQueue(
                label=_("Characterisation sentences"),
                url_name="drills_marking",
                permission=MARK_PERMISSION,
                waiting=unmarked_count,
            )
        )
