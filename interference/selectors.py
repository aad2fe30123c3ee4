"""Who may read the register, in one place: the reporter (their own reports); the round's leaders (its managers
and the 组长/副组长 of its teams); holders of ``interference.read_every_report`` (管理员) for every round. The
审计员 read every report in the admin list (``interference.view_approachreport``). Everyone else: nothing."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from interference.models import ApproachReport
from rounds.api import InspectionRound, TeamRole, current_memberships, memberships_of

READ_EVERY_REPORT = "interference.read_every_report"
AUDIT_PERMISSION = "interference.view_approachreport"
LEADING_ROLES = (TeamRole.LEADER, TeamRole.DEPUTY)


def _active(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


def _led_round_ids(user) -> QuerySet:
    """Ids of the rounds the person leads: a manager of it, or 组长/副组长 of one of its teams (a subquery)."""
    leading = memberships_of(user=user).filter(role__in=LEADING_ROLES).values("team__round_id")
    return InspectionRound.objects.filter(Q(managers=user) | Q(pk__in=leading)).values("pk")


def _reads_every_round(user) -> bool:
    return user.has_perm(READ_EVERY_REPORT)


def leads_round(*, user, inspection_round) -> bool:
    """A leader of this round: they acknowledge its reports (not the 管理员 reading every round)."""
    if not _active(user):
        return False
    return _led_round_ids(user).filter(pk=inspection_round.pk).exists()


def may_read_round(*, user, inspection_round) -> bool:
    """Whether the person may read this round's register."""
    if not _active(user):
        return False
    return _reads_every_round(user) or leads_round(user=user, inspection_round=inspection_round)


def may_acknowledge(*, user, report: ApproachReport) -> bool:
    """A leader of the report's round who did not write it."""
    return report.reporter_id != user.pk and leads_round(user=user, inspection_round=report.round)


def readable_reports(*, user) -> QuerySet[ApproachReport]:
    """Every report this person may open: their own and those of the rounds they lead (all, for 管理员)."""
    if not _active(user):
        return ApproachReport.objects.none()
    reports = ApproachReport.objects.select_related("round", "reporter", "acknowledged_by")
    if _reads_every_round(user):
        return reports
    return reports.filter(Q(reporter=user) | Q(round_id__in=_led_round_ids(user)))


def readable_report(*, user, pk: int) -> ApproachReport:
    """One report, or ApproachReport.DoesNotExist (a 404) when the person may not read it."""
    return readable_reports(user=user).get(pk=pk)


def my_reports(*, user) -> list[ApproachReport]:
    return list(ApproachReport.objects.filter(reporter=user).select_related("round").order_by("-created_at", "-pk"))


def round_register(*, inspection_round) -> list[ApproachReport]:
    """The round's reports: those not yet acknowledged first, newest first within each."""
    reports = ApproachReport.objects.filter(round=inspection_round).select_related("reporter", "acknowledged_by")
    return sorted(reports.order_by("-created_at", "-pk"), key=lambda report: report.acknowledged)


def counts_by_round(*, round_ids) -> dict[int, tuple[int, int]]:
    """Round id → (reports, not yet acknowledged), in one query; rounds without reports are left out."""
    rows = (
        ApproachReport.objects.filter(round_id__in=list(round_ids))
        .values("round_id")
        .annotate(total=Count("pk"), open=Count("pk", filter=Q(acknowledged_at__isnull=True)))
        .order_by()
    )
    return {row["round_id"]: (row["total"], row["open"]) for row in rows}


def readable_counts(*, user, round_ids) -> dict[int, tuple[int, int]]:
    """Round id → (reports, not yet acknowledged) for those of these rounds whose register the person may read
    (a round without reports counts (0, 0)); one query, none for the signed-out. The dashboard's figure."""
    if not _active(user):
        return {}
    rounds = InspectionRound.objects.filter(pk__in=list(round_ids))
    if not _reads_every_round(user):
        rounds = rounds.filter(pk__in=_led_round_ids(user))
    rows = rounds.values("pk").annotate(
        total=Count("approach_reports"),
        open=Count("approach_reports", filter=Q(approach_reports__acknowledged_at__isnull=True)),
    )
    return {row["pk"]: (row["total"], row["open"]) for row in rows.order_by()}


def current_rounds_of(*, user) -> list:
    """The current rounds the person is a member of, newest first, one each (for the form's choice)."""
    rounds = {}
    for member in current_memberships(user=user):
        rounds.setdefault(member.team.round_id, member.team.round)
    return list(rounds.values())


def is_member(*, user, inspection_round) -> bool:
    return memberships_of(user=user).filter(team__round=inspection_round).exists()


def audit_list() -> QuerySet[ApproachReport]:
    """Every report for the 审计员's read-only list, newest first."""
    return ApproachReport.objects.select_related("round", "reporter", "acknowledged_by").order_by("-created_at", "-pk")
