"""Admin: every round's approach reports for the 审计员, read-only (a listing with the reports' text; no add,
edit or delete view for anyone). Opening it leaves an audit entry naming the reporters shown."""

from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import BaseListingView

from audit.api import record_view
from core.admin_views import PermissionRequiredAdminMixin
from core.labels import person_name
from interference.selectors import AUDIT_PERMISSION, audit_list

LISTED = "interference.audit_list_viewed"


def _acknowledged(report) -> str:
    if not report.acknowledged:
        return ""
    when = date_format(timezone.localtime(report.acknowledged_at), "Y-m-d H:i")
    return f"{person_name(report.acknowledged_by)} · {when}"


class AuditListView(PermissionRequiredAdminMixin, BaseListingView):
    permission_required = AUDIT_PERMISSION
    page_title = gettext_lazy("Approach register")
    header_icon = "warning"
    index_url_name = "interference_audit_list"
    index_results_url_name = "interference_audit_list_results"
    paginate_by = 50
    verbose_name = gettext_lazy("approach report")
    verbose_name_plural = gettext_lazy("approach reports")
    columns = [
        Column("round", label=gettext_lazy("Round"), accessor=lambda r: r.round.name),
        Column("reporter", label=gettext_lazy("Reported by"), accessor=lambda r: person_name(r.reporter)),
        Column("happened_on", label=gettext_lazy("When it happened")),
        Column("channel", label=gettext_lazy("How"), accessor="get_channel_display"),
        Column("approacher", label=gettext_lazy("Who approached")),
        Column("request", label=gettext_lazy("What they asked for")),
        Column("response", label=gettext_lazy("How they answered")),
        Column("acknowledged_at", label=gettext_lazy("Read by"), accessor=_acknowledged),
    ]

    def get_base_queryset(self):
        return audit_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        shown = [report.reporter_id for report in context["object_list"]]
        if shown:
            record_view(action=LISTED, request=self.request, people=shown)
        return context
