"""Admin: upload a regulation text, preview the parsed structure, confirm. Rules live in services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from regulations.forms import RegulationImportForm
from regulations.models import ImportStatus, RegulationImport
from regulations.parsing import RegulationParseError, parse_source, to_json
from regulations.selectors import recent_imports
from regulations.services import confirm_import, stage_import

IMPORT_PERMISSION = "regulations.add_regulationimport"


class _ImportPermissionMixin:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(IMPORT_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]


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
            regulation = confirm_import(attempt=attempt, user=request.user)
        except RegulationParseError as error:
            messages.error(request, error.message)
            return redirect("regulation_import")
        messages.success(
            request,
            _("Imported “%(title)s” with %(count)s articles as a draft. Check it, then submit it for review.")
            % {"title": regulation.title, "count": regulation.articles.count()},
        )
        return redirect(reverse("wagtailadmin_pages:edit", args=(regulation.pk,)))
