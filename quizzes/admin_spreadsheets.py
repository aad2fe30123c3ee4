"""Admin: download the question-bank template or the whole bank as Excel, and import a filled-in workbook.

The rules live in quizzes.spreadsheets; these views only check permissions, pass the upload on and show the result.
An upload is checked in the request; a good one is queued for the background worker (quizzes.tasks), and the editor
watches its progress on a page that reloads itself until the import ends.
"""

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.admin_views import PermissionRequiredAdminMixin
from quizzes.models import Question, QuestionImport
from quizzes.spreadsheet_jobs import is_stuck, recover_import
from quizzes.spreadsheet_reading import MAX_FILE_BYTES
from quizzes.spreadsheets import ImportRejected, export_question_bank, question_bank_template
from quizzes.tasks import queue_question_import

IMPORT_PERMISSION = "quizzes.add_question"
#: Seconds between reloads of the progress page while an import is queued or running.
PROGRESS_REFRESH_SECONDS = 2
RECENT_IMPORTS = 5
VIEW_PERMISSION = "quizzes.view_question"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _may_view(user) -> bool:
    return user.has_perm(VIEW_PERMISSION) or user.has_perm(IMPORT_PERMISSION)


class QuestionBankImportForm(forms.Form):
    file = forms.FileField(
        label=_("Question bank workbook"),
        help_text=_("An Excel .xlsx file made from the template or from an export."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB."), params={"limit": MAX_FILE_BYTES // (1024 * 1024)}
            )
        return upload


class ImportView(PermissionRequiredAdminMixin, WagtailAdminTemplateMixin, FormView):
    page_title = _("Import and export questions")
    header_icon = "upload"
    template_name = "quizzes/admin/spreadsheet_import.html"
    form_class = QuestionBankImportForm

    def has_permission(self, request) -> bool:
        """Anyone who can see the bank may download it; only those who can add questions may upload."""
        return request.user.has_perm(IMPORT_PERMISSION) if request.method == "POST" else _may_view(request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_import"] = self.request.user.has_perm(IMPORT_PERMISSION)
        context["can_export"] = self.request.user.has_perm(VIEW_PERMISSION)
        context["question_count"] = Question.objects.count()
        if context["can_import"]:
            context["recent_imports"] = QuestionImport.objects.select_related("user")[:RECENT_IMPORTS]
        return context

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            job = queue_question_import(data=upload.read(), file_name=upload.name, user=self.request.user)
        except ImportRejected as rejected:
            return self.render_to_response(self.get_context_data(form=form, errors=rejected.errors))
        return redirect("quizzes_import_job", pk=job.pk)


class ImportJobView(PermissionRequiredAdminMixin, WagtailAdminTemplateMixin, TemplateView):
    """One import's progress; reloads itself (a meta refresh, no script) until the import has ended.

    A POST takes back an import stuck past the timeout (its worker was killed), as a failed import is.
    """

    page_title = _("Question import")
    header_icon = "upload"
    template_name = "quizzes/admin/spreadsheet_import_job.html"
    permission_required = IMPORT_PERMISSION

    def get_parent_breadcrumbs_items(self):
        return [{"url": reverse("quizzes_import"), "label": gettext("Import and export questions")}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["job"] = job = get_object_or_404(QuestionImport.objects.select_related("user"), pk=self.kwargs["pk"])
        context["is_stuck"] = is_stuck(job)
        context["refresh_seconds"] = PROGRESS_REFRESH_SECONDS
        return context

    def post(self, request, pk):
        job = get_object_or_404(QuestionImport.objects.only("pk"), pk=pk)
        if recover_import(job_id=job.pk):
            messages.success(request, gettext("The stuck import was taken back: nothing of it is kept."))
        else:
            messages.error(request, gettext("This import is not stuck: nothing was changed."))
        return redirect("quizzes_import_job", pk=job.pk)


class _DownloadView(PermissionRequiredAdminMixin, View):
    """A workbook download: for those who can see the bank."""

    permission_required = VIEW_PERMISSION

    def workbook(self, content: bytes, name: str) -> HttpResponse:
        response = HttpResponse(content, content_type=XLSX_TYPE)
        response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=f"{name}.xlsx")
        return response


class TemplateDownloadView(_DownloadView):
    def get(self, request):
        return self.workbook(question_bank_template(), gettext("question bank template"))


class ExportView(_DownloadView):
    def get(self, request):
        day = timezone.localdate().strftime("%Y%m%d")
        return self.workbook(export_question_bank(), f"{gettext('question bank')}-{day}")


urlpatterns = [
    path("import/", ImportView.as_view(), name="quizzes_import"),
    path("import/<int:pk>/", ImportJobView.as_view(), name="quizzes_import_job"),
    path("import/template/", TemplateDownloadView.as_view(), name="quizzes_import_template"),
    path("export/", ExportView.as_view(), name="quizzes_export_bank"),
]


class _SpreadsheetMenuItem(MenuItem):
    def is_shown(self, request):
        return _may_view(request.user)


def _menu_item() -> MenuItem:
    return _SpreadsheetMenuItem(
        _("Import and export questions"), reverse("quizzes_import"), name="quizzes-spreadsheets", icon_name="upload"
    )


menu_items = [_menu_item]
