"""An import in the admin: upload (checked whole, nothing kept if it fails), the preview (reads only), the
editor's choice per conflict, and after the confirmation what each item became here."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.admin_views import PermissionRequiredAdminMixin
from packages import importing
from packages.citations import CitationOutcome
from packages.format import PackageError
from packages.forms import UploadForm
from packages.importing import Outcome
from packages.kinds import kind_named
from packages.models import IMPORT_PERMISSION, PackageUpload
from packages.views.common import edit_url, index_crumbs

CITATION_WORDS = {
    CitationOutcome.SAME.value: gettext_lazy("Same"),
    CitationOutcome.RENUMBERED.value: gettext_lazy("Renumbered"),
    CitationOutcome.CHANGED.value: gettext_lazy("Changed: please check"),
    CitationOutcome.MISSING.value: gettext_lazy("Not found here: an editor must add it"),
}
RESULT_WORDS = {
    Outcome.NEW: gettext_lazy("New (draft)"),
    Outcome.UPDATE: gettext_lazy("Updated (new draft)"),
    Outcome.CONFLICT: gettext_lazy("Package version taken (draft)"),
    Outcome.UNCHANGED: gettext_lazy("No change"),
    Outcome.OWN: gettext_lazy("This office's own (skipped)"),
    "kept": gettext_lazy("Local version kept"),
}
OUTCOME_COUNTS = [
    (Outcome.NEW, gettext_lazy("New")),
    (Outcome.UPDATE, gettext_lazy("Update")),
    (Outcome.CONFLICT, gettext_lazy("Conflict")),
    (Outcome.UNCHANGED, gettext_lazy("No change")),
    (Outcome.OWN, gettext_lazy("This office's own")),
]


class ImportNewView(PermissionRequiredAdminMixin, WagtailAdminTemplateMixin, FormView):
    permission_required = IMPORT_PERMISSION
    page_title = gettext_lazy("Import a content package")
    header_icon = "upload"
    template_name = "packages/import_new.html"
    form_class = UploadForm

    def get_parent_breadcrumbs_items(self):
        return index_crumbs()

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            kept = importing.upload_package(
                data=upload.read(), file_name=upload.name, user=self.request.user, request=self.request
            )
        except PackageError as error:
            form.add_error("file", error.message)
            return self.render_to_response(self.get_context_data(form=form), status=422)
        return redirect("packages:import_detail", pk=kept.pk)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=422)


def _when(value: str):
    try:
        return datetime.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _uploads():
    return PackageUpload.objects.select_related("uploaded_by")


class ImportDetailView(PermissionRequiredAdminMixin, WagtailAdminTemplateMixin, TemplateView):
    """Before the confirmation, the preview (nothing written); after it, what each item became."""

    permission_required = IMPORT_PERMISSION
    header_icon = "upload"
    template_name = "packages/import_detail.html"

    def dispatch(self, request, *args, pk: int, **kwargs):
        if not self.has_permission(request):
            return self.permission_denied(request)
        self.upload = get_object_or_404(_uploads(), pk=pk)
        return super().dispatch(request, *args, pk=pk, **kwargs)

    def get_page_title(self):
        return str(self.upload)

    def get_parent_breadcrumbs_items(self):
        return index_crumbs()

    def get_context_data(self, **kwargs):
        context = {**super().get_context_data(**kwargs), "upload": self.upload}
        if self.upload.imported_at is not None:
            return {**context, "results": self._results()}
        try:
            preview = importing.preview_import(upload=self.upload)
        except PackageError as error:
            return {**context, "broken": error.message}
        return {**context, **self._preview(preview)}

    def _preview(self, preview) -> dict:
        manifest = preview.manifest
        titles = {item.get("key"): item.get("title", "") for item in manifest.get("items", [])}
        record = manifest.get("desensitisation", {}) or {}
        items = [
            {
                "item": item,
                "citations": [
                    {"citation": c, "words": CITATION_WORDS.get(c.outcome, c.outcome)} for c in item.citations
                ],
            }
            for item in preview.items
        ]
        return {
            "preview": preview,
            "items": items,
            "counts": [(label, preview.count(outcome)) for outcome, label in OUTCOME_COUNTS],
            "package": manifest.get("package", {}),
            "prepared_by": manifest.get("prepared_by", ""),
            "prepared_at": _when(manifest.get("prepared_at", "")),
            "approved_by": manifest.get("approved_by", ""),
            "approved_at": _when(manifest.get("approved_at", "")),
            "flags_found": record.get("flags_found", 0),
            "clearances": [
                {**cleared, "title": titles.get(cleared.get("item"), ""), "at": _when(cleared.get("cleared_at", ""))}
                for cleared in record.get("cleared", [])
            ],
        }

    def _results(self) -> list[dict]:
        rows = []
        for result in self.upload.result:
            kind = kind_named(result.get("kind", ""))
            local = result.get("model") and result.get("object_id")
            rows.append(
                {
                    "result": result,
                    "kind_label": kind.label if kind else result.get("kind", ""),
                    "words": RESULT_WORDS.get(result.get("outcome"), result.get("outcome", "")),
                    "edit_url": edit_url(result["model"], result["object_id"]) if local else "",
                }
            )
        return rows


class ImportConfirmView(PermissionRequiredAdminMixin, View):
    permission_required = IMPORT_PERMISSION
    http_method_names = ["post"]

    def post(self, request, pk: int):
        upload = get_object_or_404(_uploads(), pk=pk)
        choices = {name[len("choice-") :]: value for name, value in request.POST.items() if name.startswith("choice-")}
        taken = {key for key, value in choices.items() if value == "take"}
        # A conflict keeps the local text unless the editor chose the package's version.
        keep_local = (set(request.POST.getlist("item")) | set(choices)) - taken
        try:
            importing.apply_import(upload=upload, user=request.user, keep_local=keep_local, request=request)
        except PackageError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The package was imported: its items wait as drafts for this office's review."))
        return redirect("packages:import_detail", pk=upload.pk)
