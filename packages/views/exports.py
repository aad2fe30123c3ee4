"""An export in the admin: choosing its items, its 脱敏 report with clearing, approval, download and deletion."""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from audit.api import record_security_event
from core.admin_views import PermissionRequiredAdminMixin
from packages import exporting, selectors
from packages.forms import ExportForm
from packages.models import APPROVE_PERMISSION, PackageExport
from packages.views.common import edit_url, index_crumbs, split_context
from packages.views.index import ADD_PERMISSION, VIEW_PERMISSION


class ExportNewView(PermissionRequiredAdminMixin, WagtailAdminTemplateMixin, FormView):
    permission_required = ADD_PERMISSION
    page_title = gettext_lazy("New content package")
    header_icon = "download"
    template_name = "packages/export_new.html"
    form_class = ExportForm

    def get_parent_breadcrumbs_items(self):
        return index_crumbs()

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            export = exporting.create_export(
                user=self.request.user,
                title=data["title"],
                items=form.chosen_items(),
                key=data.get("key") or "",
                note=data.get("note") or "",
            )
        except exporting.ExportError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(
            self.request, _("The package was prepared: check it for anonymisation, then a reviewer approves it.")
        )
        return redirect("packages:export_detail", pk=export.pk)


def _flag_rows(entry) -> list[dict]:
    rows = []
    for flag in entry.flags:
        before, after = split_context(flag.context, flag.text)
        rows.append({"flag": flag, "before": before, "after": after})
    return rows


class ExportDetailView(PermissionRequiredAdminMixin, WagtailAdminTemplateMixin, TemplateView):
    permission_required = VIEW_PERMISSION
    header_icon = "download"
    template_name = "packages/export_detail.html"

    def dispatch(self, request, *args, pk: int, **kwargs):
        if not self.has_permission(request):
            return self.permission_denied(request)
        self.export = get_object_or_404(selectors.exports_list(), pk=pk)
        return super().dispatch(request, *args, pk=pk, **kwargs)

    def get_page_title(self):
        return str(self.export)

    def get_parent_breadcrumbs_items(self):
        return index_crumbs()

    def get_context_data(self, **kwargs):
        report = selectors.export_report(export=self.export)
        entries = [
            {
                "entry": entry,
                "edit_url": edit_url(entry.kind.model, entry.instance.pk),
                "flags": _flag_rows(entry),
            }
            for entry in report.entries
        ]
        groups = [(kind, list(rows)) for kind, rows in groupby(entries, key=lambda row: row["entry"].kind)]
        user = self.request.user
        approved = selectors.approved(self.export)
        return {
            **super().get_context_data(**kwargs),
            "export": self.export,
            "approved": approved,
            "groups": groups,
            "report": report,
            "left_out": selectors.left_out_of(export=self.export, report=report),
            "office": selectors.office_identity(),
            "may_approve": user.has_perm(APPROVE_PERMISSION) and not approved,
            "own_export": self.export.created_by_id == user.pk,
            "may_delete": user.has_perm(ADD_PERMISSION) and not approved,
            "file_name": exporting.package_file_name(self.export),
        }


class _ExportAction(PermissionRequiredAdminMixin, View):
    """A POST on one export that comes back to its page with what happened as a message."""

    http_method_names = ["post"]

    def dispatch(self, request, *args, pk: int, **kwargs):
        if not self.has_permission(request):
            return self.permission_denied(request)
        self.export = get_object_or_404(selectors.exports_list(), pk=pk)
        return super().dispatch(request, *args, pk=pk, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            message = self.act(request)
        except exporting.ExportError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, message)
        return redirect("packages:export_detail", pk=self.export.pk)


class ExportClearView(_ExportAction):
    permission_required = APPROVE_PERMISSION

    def act(self, request) -> str:
        try:
            object_id = int(request.POST.get("object_id", ""))
        except ValueError:
            raise exporting.ExportError(_("This item is not in the package.")) from None
        text = request.POST.get("text", "")
        exporting.clear_item_flag(
            export=self.export,
            kind=request.POST.get("kind", ""),
            object_id=object_id,
            flag_kind=request.POST.get("flag_kind", ""),
            text=text,
            reason=request.POST.get("reason", ""),
            reviewer=request.user,
            request=request,
        )
        return _("Cleared: “%(text)s” is not real personal data.") % {"text": text}


class ExportApproveView(_ExportAction):
    permission_required = APPROVE_PERMISSION

    def act(self, request) -> str:
        exporting.approve_export(export=self.export, reviewer=request.user, request=request)
        return _("Approved: the package file was made and can be downloaded.")


class ExportDeleteView(PermissionRequiredAdminMixin, View):
    permission_required = ADD_PERMISSION
    http_method_names = ["post"]

    def post(self, request, pk: int):
        export = get_object_or_404(selectors.exports_list(), pk=pk)
        try:
            exporting.delete_export(export=export, user=request.user)
        except exporting.ExportError as error:
            messages.error(request, error.message)
            return redirect("packages:export_detail", pk=export.pk)
        messages.success(request, _("The draft package was deleted."))
        return redirect("packages:index")


class ExportDownloadView(PermissionRequiredAdminMixin, View):
    """The frozen file of an approved package; each download is recorded."""

    permission_required = VIEW_PERMISSION
    http_method_names = ["get"]

    def get(self, request, pk: int):
        export = get_object_or_404(PackageExport, pk=pk)
        if not selectors.approved(export) or not export.file:
            raise Http404
        record_security_event(
            action="packages.export_downloaded",
            request=request,
            actor=request.user,
            target=export,
            detail={"export_id": export.pk, "key": export.key, "version": export.version},
        )
        response = HttpResponse(bytes(export.file), content_type="application/zip")
        response["Content-Disposition"] = content_disposition_header(True, exporting.package_file_name(export))
        response["Cache-Control"] = "no-store"
        return response
