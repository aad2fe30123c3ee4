from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportWritingConfig(AppConfig):
    """报告写作: practice drafts of a 巡察报告 or 反馈意见 with a team leader's checks, exercises, marking and 范文."""

    name = "report_writing"
    verbose_name = _("Report writing")

    def ready(self):
        from quizzes.api import MarkingQueue, register_marking_queue
        from report_writing.exercises import waiting_count
        from report_writing.model_reports import ModelReportPageForm, search_text
        from report_writing.models import ModelReportPage
        from report_writing.models.drafts import MARK_PERMISSION
        from search.api import register_result_type

        # Handed-in drafts wait beside the quizzes' answers on the 阅卷 page (quizzes lists queues registered from
        # above).
        register_marking_queue(
            MarkingQueue(
                label=_("Report exercises"),
                url_name="report_writing_marking",
                permission=MARK_PERMISSION,
                waiting=waiting_count,
            )
        )
        # 范文 in the site search (/search/, /api/search/), after the built-in types.
        register_result_type(
            key="model_report",
            label=_("Model reports"),
            querysets=lambda scope: [scope.visible(ModelReportPage.objects.all())],
            text=search_text,
        )
        # A 范文 is published only when every check passes (the page's edit form refuses otherwise).
        ModelReportPage.base_form_class = ModelReportPageForm
