"""Admin: upload a regulation text, preview the parsed structure, confirm, watch the import. Rules live in services.

Confirming queues the write for the background worker (regulations.tasks); the editor watches the job's page,
which reloads itself (a meta refresh, no script) until the import has ended.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.admin_views import PermissionRequiredAdminMixin
from regulations.forms import RegulationImportForm
from regulations.import_jobs import is_stuck, recover_import
from regulations.models import ImportStatus, RegulationImport
from regulations.parsing import RegulationParseError, parse_source, to_json
from regulations.selectors import recent_imports
from regulations.services import stage_import
from regulations.tasks import queue_regulation_import

IMPORT_PERMISSION = "regulations.add_regulationimport"
#: Seconds between reloads of the progress page while an import is queued or running.
PROGRESS_REFRESH_SECONDS = 2


class _ImportPermissionMixin(PermissionRequiredAdminMixin):
    """Uploading, previewing and following an import: for holders of IMPORT_PERMISSION."""

    permission_required = IMPORT_PERMISSION


class ImportUploadView(_ImportPermissionMixin, WagtailAdminTemplateMixin, FormView):
    page_title = _("Import a regulation")
    header_icon = "doc-full"
    template_name = "regulations/admin/import_upload.html"
    form_class = RegulationImportForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["recent_imports"] = recent_imports()
        return context

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        source = upload.read()
        title = form.cleaned_data["title"].strip()
        revises = form.cleaned_data["revises"]
        try:
            attempt = stage_import(
                source=source, filename=upload.name, title=title, revises=revises, user=self.request.user
            )
        except RegulationParseError as error:
            form.add_error("file", error.message)
            return self.form_invalid(form)
        return redirect("regulation_import_preview", attempt.pk)


class ImportPreviewView(_ImportPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    page_title = _("Check the parsed regulation")
    header_icon = "doc-full"
    template_name = "regulations/admin/import_preview.html"

    def get_attempt(self) -> RegulationImport:
        return get_object_or_404(
            RegulationImport, pk=self.kwargs["pk"], status=ImportStatus.PREVIEWED, created_by=self.request.user
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        attempt = self.get_attempt()
        parsed = parse_source(bytes(attempt.source), filename=attempt.filename, title=attempt.title)
        context.update({"attempt": attempt, "parsed": to_json(parsed)})
        return context

    def post(self, request, *args, **kwargs):
        attempt = self.get_attempt()
        try:
            attempt = queue_regulation_import(attempt=attempt)
        except RegulationParseError as error:
            messages.error(request, error.message)
            return redirect("regulation_import")
        return redirect("regulation_import_job", attempt.pk)


class ImportJobView(_ImportPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    """One confirmed import's progress; a POST takes back an import stuck past the timeout."""

    page_title = _("Regulation import")
    header_icon = "doc-full"
    template_name = "regulations/admin/import_job.html"

    def get_parent_breadcrumbs_items(self):
        return [{"url": reverse("regulation_import"), "label": gettext("Import a regulation")}]

    def get_attempt(self) -> RegulationImport:
        # Previews are their author's; once confirmed, any importer may follow (or rescue) the job.
        return get_object_or_404(
            RegulationImport.objects.select_related("created_by", "regulation", "revises").defer("source"),
            pk=self.kwargs["pk"],
            status__in=[ImportStatus.QUEUED, ImportStatus.RUNNING, ImportStatus.IMPORTED, ImportStatus.FAILED],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        attempt = self.get_attempt()
        context.update(
            {
                "attempt": attempt,
                "is_stuck": is_stuck(attempt),
                "refresh_seconds": PROGRESS_REFRESH_SECONDS,
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        attempt = self.get_attempt()
        if recover_import(import_id=attempt.pk):
            messages.success(request, gettext("The stuck import was taken back: nothing of it is kept."))
        else:
            messages.error(request, gettext("This import is not stuck: nothing was changed."))
        return redirect("regulation_import_job", attempt.pk)
