"""Reads for the office: which rounds a person may see (their members' readiness is the readiness app's)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from core.labels import field_label
from rounds.models import InspectionRound, TeamMember

VIEW_EVERY_ROUND = "rounds.view_every_round"


def rounds_visible_to(user) -> QuerySet[InspectionRound]:
    """Rounds the person manages, or every round for those allowed to see them all; none for anyone else."""
    if not user.is_authenticated or not user.is_active:
        return InspectionRound.objects.none()
    if user.has_perm(VIEW_EVERY_ROUND):
        return InspectionRound.objects.all()
    return InspectionRound.objects.filter(managers=user)


def manager_ids(*, inspection_round: InspectionRound) -> set[int]:
    """The user ids managing the round as stored (not as an unsaved form has them)."""
    if inspection_round.pk is None:
        return set()
    through = InspectionRound.managers.through.objects.filter(inspectionround_id=inspection_round.pk)
    return set(through.values_list("user_id", flat=True))


def managed_member_user_ids(*, user) -> set[int]:
    """User ids of the members of the rounds the person manages (named a manager, not merely seeing all)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    members = TeamMember.objects.filter(team__round__managers=user)
    return set(members.values_list("user_id", flat=True))


def manages_a_round(*, user) -> bool:
    """Whether the person is named a manager of any round, ended ones included."""
    return user.is_authenticated and InspectionRound.objects.filter(managers=user).exists()


def manages_round(*, user, round_id: int | None) -> bool:
    """Whether the person may see this round's people: a manager of it, or allowed to see every round."""
    if round_id is None:
        return False
    return rounds_visible_to(user).filter(pk=round_id).exists()


def personal_records(*, user) -> dict[str, list[dict]]:
    """The person's team memberships as plain rows, for their own data export (个人信息保护法)."""

    members = TeamMember.objects.filter(user=user).select_related("team__round").order_by("team__round__starts_on")
    rows = [
        {
            _("Round"): member.team.round.name,
            field_label(InspectionRound, "starts_on"): member.team.round.starts_on,
            field_label(InspectionRound, "ends_on"): member.team.round.ends_on,
            _("Team"): member.team.name,
            field_label(TeamMember, "role"): member.get_role_display(),
            field_label(TeamMember, "secondment_ends_on"): member.secondment_ends_on,
        }
        for member in members
    ]
    return {_("Round memberships"): rows}
