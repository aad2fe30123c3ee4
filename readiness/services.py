"""Exporting a round's dashboard, which is recorded in the audit log every time."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from wagtail.log_actions import log

from audit.api import record_export
from courses.api import ItemKind, record_completion
from readiness.dashboard import DashboardFilter, round_dashboard
from readiness.export import dashboard_workbook
from readiness.refreshers import own_due_revisions
from rounds.api import InspectionRound, rounds_visible_to

#: Kept from when the dashboard lived in the rounds app: earlier audit entries carry this name.
EXPORT_ACTION = "rounds.export_dashboard"


@transaction.atomic
def export_dashboard(
    *, inspection_round: InspectionRound, user, dashboard_filter: DashboardFilter, request=None
) -> bytes:
    """The dashboard workbook (filters applied), with an audit-log entry: who, which filters, how many rows.

    Only someone who may see the round's dashboard may export it; the view checks too, this is the rule.
    The audit log (audit app) gets an export entry naming everyone in the file; ``request`` gives its address.
    """
    if not rounds_visible_to(user).filter(pk=inspection_round.pk).exists():
        raise PermissionDenied
    dashboard = round_dashboard(inspection_round=inspection_round, dashboard_filter=dashboard_filter)
    content = dashboard_workbook(dashboard)
    log(
        instance=inspection_round,
        action=EXPORT_ACTION,
        user=user,
        data={
            "members": len(dashboard.rows),
            "team": dashboard.team.name if dashboard.team else "",
            "state": dashboard.state,
        },
    )
    people = [row.member.user_id for row in dashboard.rows]
    record_export(
        action="readiness.dashboard_exported", request=request, actor=user, target=inspection_round, people=people
    )
    return content


@transaction.atomic
def study_revisions(*, user, lesson_id: int) -> int:
    """The person pressed 已学习修订内容 on a lesson's refresher: each revised article still due is recorded as
    studied now (an ARTICLE completion on the article in force). The number recorded; 0 when none was due
    (a second tap records nothing more)."""
    due = own_due_revisions(user=user, lesson_id=lesson_id)
    for revision in due:
        record_completion(user=user, kind=ItemKind.ARTICLE, item_id=revision.article.pk)
    return len(due)
