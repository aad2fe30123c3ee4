"""Admin: the audit log for the 审计员 role. Read-only: a listing, one entry, and the export (a POST).

There is no add, edit or delete view for entries, for anyone: not even a superuser can change the log
through the site. Only holders of audit.view_auditentry get in; everyone else gets a 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic.base import BaseListingView, WagtailAdminTemplateMixin

from audit import services
from audit.selectors import AuditFilterSet, action_label, log_entries, may_read_log
from core.admin_views import PermissionRequiredAdminMixin

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _local_time(entry) -> str:
    return date_format(timezone.localtime(entry.at), "Y-m-d H:i:s")


def _actor(entry) -> str:
    return entry.actor_name or _("System")


class _AuditorMixin(PermissionRequiredAdminMixin):
    """Holders of audit.view_auditentry only (selectors.may_read_log, which also turns away the anonymous)."""

    def has_permission(self, request) -> bool:
        return may_read_log(request.user)

    def permission_denied(self, request):
        """A plain 403 for everyone else (not Wagtail's quiet redirect to the dashboard): the refusal is the answer."""
        return render(request, "audit/admin/forbidden.html", status=403)


class AuditLogView(_AuditorMixin, BaseListingView):
    page_title = gettext_lazy("Audit log")
    header_icon = "list-ul"
    index_url_name = "audit_log"
    index_results_url_name = "audit_log_results"
    results_template_name = "audit/admin/log_results.html"
    filterset_class = AuditFilterSet
    paginate_by = 50
    verbose_name = gettext_lazy("audit entry")
    verbose_name_plural = gettext_lazy("audit entries")
    columns = [
        TitleColumn("at", label=gettext_lazy("Time"), accessor=_local_time, url_name="audit_entry"),
        Column("category", label=gettext_lazy("Category"), accessor="get_category_display"),
        Column("action", label=gettext_lazy("Action"), accessor=lambda entry: action_label(entry.action)),
        Column("actor_name", label=gettext_lazy("User"), accessor=_actor),
        Column("address", label=gettext_lazy("IP address")),
        Column("object_repr", label=gettext_lazy("Object")),
        Column("subject_name", label=gettext_lazy("Whose data")),
    ]

    def get_base_queryset(self):
        return log_entries()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        for name in ("p", "_w_filter_fragment"):
            query.pop(name, None)
        context["export_url"] = reverse("audit_export") + (f"?{query.urlencode()}" if query else "")
        return context


class AuditEntryView(_AuditorMixin, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "list-ul"
    template_name = "audit/admin/entry.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.entry = get_object_or_404(log_entries().prefetch_related("people"), pk=kwargs["pk"])

    def get_page_title(self):
        return _("Audit entry %(number)d") % {"number": self.entry.pk}

    def get_parent_breadcrumbs_items(self):
        return [{"url": reverse("audit_log"), "label": _("Audit log")}]

    def get_context_data(self, **kwargs):
        entry = self.entry
        return {
            **super().get_context_data(**kwargs),
            "entry": entry,
            "action_label": action_label(entry.action),
            "actor": _actor(entry),
            "people": sorted(entry.people.all(), key=lambda person: person.get_username()),
        }


class ExportLogView(_AuditorMixin, View):
    """POST only: an export leaves an entry, and a GET never writes."""

    http_method_names = ["post"]

    def post(self, request):
        try:
            content, _rows = services.export_log(request=request, filters=request.GET)
        except services.AuditError as error:
            messages.error(request, str(error))
            query = request.GET.urlencode()
            return redirect(reverse("audit_log") + (f"?{query}" if query else ""))
        filename = _("audit log %(date)s.xlsx") % {"date": timezone.localdate().strftime("%Y%m%d")}
        response = HttpResponse(content, content_type=XLSX)
        response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
        response["Cache-Control"] = "private, no-store"
        return response


urlpatterns = [
    path("", AuditLogView.as_view(), name="audit_log"),
    path("results/", AuditLogView.as_view(results_only=True), name="audit_log_results"),
    path("<int:pk>/", AuditEntryView.as_view(), name="audit_entry"),
    path("export/", ExportLogView.as_view(), name="audit_export"),
]
