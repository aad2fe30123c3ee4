"""Admin: quiz results and item analysis, and their Excel export. The numbers come from quizzes.reports."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from audit.api import record_view
from core.admin_views import PermissionRequiredAdminMixin
from quizzes.models import Quiz
from quizzes.report_chart import distribution_svg
from quizzes.report_export import EXPORT_ACTION, export_results
from quizzes.reports import quiz_report, quizzes_with_attempt_counts
from quizzes.selectors import result_user_ids

REPORT_PERMISSION = "quizzes.view_attempt"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class _ReportPermissionMixin(PermissionRequiredAdminMixin):
    """Results are for holders of REPORT_PERMISSION; whose results each sees is scoped by data
    (quizzes.selectors.result_user_ids)."""

    permission_required = REPORT_PERMISSION


class ReportIndexView(_ReportPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    page_title = _("Quiz reports")
    header_icon = "table"
    template_name = "quizzes/admin/report_index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["quizzes"] = quizzes_with_attempt_counts(user_ids=result_user_ids(viewer=self.request.user))
        return context


class QuizReportView(_ReportPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "table"
    template_name = "quizzes/admin/report_detail.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.quiz = get_object_or_404(Quiz, pk=kwargs["pk"])

    def get_page_title(self):
        return self.quiz.title

    def get_parent_breadcrumbs_items(self):
        return [{"url": reverse("quizzes_reports"), "label": _("Quiz reports")}]

    def get_header_buttons(self):
        export = HeaderButton(
            _("Export to Excel"), url=reverse("quizzes_export_results", args=(self.quiz.pk,)), icon_name="download"
        )
        return [export, *super().get_header_buttons()]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = quiz_report(quiz=self.quiz, user_ids=result_user_ids(viewer=self.request.user))
        shown = [person.user.pk for person in report.people]
        record_view(action="quizzes.report_viewed", request=self.request, target=self.quiz, people=shown)
        chart_title = _("Score distribution of “%(quiz)s”: people per 10-point band") % {"quiz": self.quiz.title}
        context.update({"report": report, "chart": distribution_svg(report.distribution, title=chart_title)})
        return context


class ExportResultsView(_ReportPermissionMixin, View):
    """The results workbook, by POST: exporting is recorded in the audit log, so a GET shows the button."""

    def get(self, request, pk):
        quiz = get_object_or_404(Quiz, pk=pk)
        return TemplateResponse(request, "quizzes/admin/export_confirm.html", {"quiz": quiz})

    def post(self, request, pk):
        quiz = get_object_or_404(Quiz, pk=pk)
        content = export_results(quiz=quiz, user=request.user, request=request)
        response = HttpResponse(content, content_type=XLSX)
        filename = _("%(quiz)s results.xlsx") % {"quiz": quiz.title}
        response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
        return response


urlpatterns = [
    path("reports/", ReportIndexView.as_view(), name="quizzes_reports"),
    path("reports/<int:pk>/", QuizReportView.as_view(), name="quizzes_report"),
    path("reports/<int:pk>/export/", ExportResultsView.as_view(), name="quizzes_export_results"),
]


class _ReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(REPORT_PERMISSION)


def _reports_menu_item() -> MenuItem:
    return _ReportsMenuItem(_("Quiz reports"), reverse("quizzes_reports"), icon_name="table", order=900)


menu_items = [_reports_menu_item]


# Registered here rather than in wagtail_hooks.py, which imports this module: the export owns its action.
@hooks.register("register_log_actions")
def register_export_action(actions):
    actions.register_action(EXPORT_ACTION, _("Export quiz results"), _("Exported quiz results"))
