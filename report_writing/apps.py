from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportWritingConfig(AppConfig):
    """报告写作: practice drafts of a 巡察报告 or 反馈意见 with a team leader's checks, exercises, marking and 范文."""

    name = "report_writing"
    verbose_name = _("Report writing")
