"""What other apps may ask about rounds: the organisation (rounds, teams, members, units, study packs).

- review queue: ``secondment_end`` and the ``secondment_changed`` event;
- declarations: ``round_structure`` (units and who inspects them) for recusal matching;
- study sessions: who is in a team or a round (``member_user_ids``, ``memberships_of``);
- readiness: the rounds a person may see, members in the dashboard's order, packs and unit types.

Plain values and querysets of this app's own models; keep it small and stable.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Max, Prefetch, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from regulations.api import CITATION_RELATED, RegulationArticle
from rounds.citations import citations_of, repoint  # the revision impact list (core.citing)
from rounds.events import secondment_changed
from rounds.models import (
    InspectedUnit,
    InspectionRound,
    InspectionTeam,
    Region,
    StudyPack,
    TeamMember,
    TeamRole,
    UnitSystem,
)
from rounds.selectors import (
    VIEW_EVERY_ROUND,
    managed_member_user_ids,
    manages_a_round,
    manages_round,
    rounds_visible_to,
)
from rounds.selectors import personal_records as personal_records


def secondment_end(*, user, today: date | None = None) -> date | None:
    """The last day of the person's current secondment(s); None when they are on no round that has not ended."""
    today = today or timezone.localdate()
    ends = TeamMember.objects.filter(user=user).annotate(end=Coalesce("secondment_ends_on", "team__round__ends_on"))
    return ends.filter(end__gte=today).aggregate(last=Max("end"))["last"]


@dataclass(frozen=True)
class RoundStructure:
    """A round's units and which teams (and so which people) inspect them."""

    units: list[InspectedUnit]
    #: user id → ids of the teams of the round they are a member of.
    teams_of_user: dict[int, set[int]]
    #: unit id → ids of the teams that inspect it.
    teams_of_unit: dict[int, set[int]]


def round_structure(*, inspection_round: InspectionRound) -> RoundStructure:
    """Three queries, whatever the size of the round; one for a round without units."""
    units = list(InspectedUnit.objects.filter(round=inspection_round).select_related("system", "region__parent"))
    if not units:
        return RoundStructure(units=[], teams_of_user={}, teams_of_unit={})
    teams_of_user: dict[int, set[int]] = defaultdict(set)
    for user_id, team_id in TeamMember.objects.filter(team__round=inspection_round).values_list("user_id", "team_id"):
        teams_of_user[user_id].add(team_id)
    teams_of_unit: dict[int, set[int]] = defaultdict(set)
    through = InspectionTeam.units.through.objects.filter(inspectionteam__round=inspection_round)
    for team_id, unit_id in through.values_list("inspectionteam_id", "inspectedunit_id"):
        teams_of_unit[unit_id].add(team_id)
    return RoundStructure(units=units, teams_of_user=dict(teams_of_user), teams_of_unit=dict(teams_of_unit))


def member_user_ids(*, team_id: int | None = None, round_id: int | None = None) -> QuerySet:
    """User ids of the members of a team, or of every team of a round (a values queryset, for subqueries)."""
    members = TeamMember.objects.all()
    if team_id is not None:
        members = members.filter(team_id=team_id)
    if round_id is not None:
        members = members.filter(team__round_id=round_id)
    return members.values_list("user_id", flat=True)


def memberships_of(*, user) -> QuerySet[TeamMember]:
    """Every team membership of the person (``team_id`` and ``team__round_id`` for subqueries)."""
    return TeamMember.objects.filter(user=user)


def current_memberships(*, user, today: date | None = None) -> list[TeamMember]:
    """The person's memberships in rounds that have not ended, newest round first, with team, round and track."""
    today = today or timezone.localdate()
    return list(
        TeamMember.objects.filter(user=user, team__round__ends_on__gte=today)
        .select_related("team__round__track", "user", "team")
        .order_by("-team__round__starts_on")
    )


def members_in_order(*, teams: list[InspectionTeam], with_person: bool = False) -> list[TeamMember]:
    """The members of these teams, by team name then the team's order; their person only if asked for.

    Each member gets the team instance from ``teams`` instead of one of its own from a join: for a round of
    hundreds, building those instances cost more than the query saved.
    """
    by_pk = {t.pk: t for t in teams}
    members = TeamMember.objects.filter(team__in=teams).order_by("team__name", "sort_order", "pk")
    members = list(members.select_related("user") if with_person else members)
    for member in members:
        member.team = by_pk[member.team_id]
    return members


def teams_of(*, inspection_round: InspectionRound) -> list[InspectionTeam]:
    return list(inspection_round.teams.order_by("name"))


def bare_members(*, inspection_round: InspectionRound) -> list[TeamMember]:
    """The round's members with only their team and person ids: for counting states, not for showing."""
    return list(TeamMember.objects.filter(team__round=inspection_round).only("team", "user"))


def member_counts(*, rounds: list[InspectionRound]) -> dict[int, int]:
    """Round id → number of members."""
    rows = TeamMember.objects.filter(team__round__in=rounds).values_list("team__round").annotate(n=Count("pk"))
    return dict(rows.order_by())


def study_packs(*, inspection_round: InspectionRound) -> list[StudyPack]:
    """The round's study packs with their quiz, unit type, articles (with regulation), cases and guides."""
    return list(
        inspection_round.study_packs.select_related("quiz", "unit_type")
        .prefetch_related(
            # Each article with what it became in the edition in force, so a pack that cites a superseded
            # article asks for the rule as it stands (readiness.criteria.pack_specs) at no extra query.
            Prefetch("articles", queryset=RegulationArticle.objects.select_related(*CITATION_RELATED)),
            "cases",
            "guides",
        )
        .order_by("title")
    )


def team_unit_types(*, inspection_round: InspectionRound) -> dict[int, set[int]]:
    """Team id → the unit types of the units it inspects."""
    types: dict[int, set[int]] = defaultdict(set)
    for team_id, unit_type_id in inspection_round.teams.values_list("pk", "units__unit_type_id"):
        if unit_type_id:
            types[team_id].add(unit_type_id)
    return dict(types)


def inspected_unit_names() -> list[str]:
    """The distinct names of the units of every round (the 脱敏 check flags them in content meant to travel)."""
    return sorted(set(InspectedUnit.objects.values_list("name", flat=True)))


__all__ = [
    "VIEW_EVERY_ROUND",
    "InspectedUnit",
    "InspectionRound",
    "InspectionTeam",
    "Region",
    "RoundStructure",
    "StudyPack",
    "TeamMember",
    "TeamRole",
    "UnitSystem",
    "bare_members",
    "current_memberships",
    "managed_member_user_ids",
    "manages_a_round",
    "manages_round",
    "member_counts",
    "member_user_ids",
    "members_in_order",
    "memberships_of",
    "personal_records",
    "round_structure",
    "rounds_visible_to",
    "secondment_changed",
    "secondment_end",
    "study_packs",
    "team_unit_types",
    "teams_of",
]
__all__ += ["citations_of", "repoint"]
__all__ += ["inspected_unit_names"]
