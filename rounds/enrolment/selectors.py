"""Reads of the enrolment pages: a round's members, and whether a manager may re-issue one's initial password."""

from __future__ import annotations

from typing import NamedTuple

from accounts.api import second_factor_required, second_factor_required_ids
from rounds.models import InspectionRound, TeamMember


class EnrolledMember(NamedTuple):
    """A tuple, so the page's template reads it as ``member, may_reissue``."""

    member: TeamMember
    #: Only a 学员's initial password is re-issued here: staff (who need a second factor) ask the system
    #: administrator, or a round manager could take over a staff account.
    may_reissue: bool


def round_members(*, inspection_round: InspectionRound) -> list[EnrolledMember]:
    """The round's members by team, each with whether their initial password may be re-issued (two queries)."""
    members = list(
        TeamMember.objects.filter(team__round=inspection_round)
        .select_related("team", "user", "user__person_profile")
        .order_by("team__name", "sort_order", "pk")
    )
    staff = second_factor_required_ids(user_ids={member.user_id for member in members})
    return [EnrolledMember(member=member, may_reissue=member.user_id not in staff) for member in members]


def reissuable_member(*, inspection_round: InspectionRound, member_id: int) -> TeamMember | None:
    """The round's member whose initial password a manager may re-issue; None for anyone else."""
    member = (
        TeamMember.objects.select_related("user", "team").filter(pk=member_id, team__round=inspection_round).first()
    )
    if member is None or second_factor_required(member.user):
        return None
    return member
