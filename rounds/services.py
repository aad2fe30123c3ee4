"""Writes for rounds: exporting a round's dashboard, which is recorded in the audit log every time."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from wagtail.log_actions import log

from rounds.export import dashboard_workbook
from rounds.models import InspectionRound
from rounds.selectors import DashboardFilter, round_dashboard, rounds_visible_to

EXPORT_ACTION = "rounds.export_dashboard"


@transaction.atomic
def export_dashboard(*, round: InspectionRound, user, dashboard_filter: DashboardFilter) -> bytes:
    """The dashboard workbook (filters applied), with an audit-log entry: who, which filters, how many rows.

    Only someone who may see the round's dashboard may export it; the view checks too, this is the rule.
    """
    if not rounds_visible_to(user).filter(pk=round.pk).exists():
        raise PermissionDenied
    dashboard = round_dashboard(round=round, dashboard_filter=dashboard_filter)
    content = dashboard_workbook(dashboard)
    log(
        instance=round,
        action=EXPORT_ACTION,
        user=user,
        data={
            "members": len(dashboard.rows),
            "team": dashboard.team.name if dashboard.team else "",
            "state": dashboard.state,
        },
    )
    return content
