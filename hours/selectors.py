"""Reads of this app: a person's 学时 by year and by round, a round's 学时 per member, certificates."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet

from hours.api import minutes_by_person
from hours.credits import Credit, read_credits, round_window, year_of
from hours.models import VERIFY_CERTIFICATE, Certificate, format_hours
from readiness.api import readiness_for_round
from rounds.api import InspectionRound, TeamMember, manages_round, members_in_order, teams_of


def track_complete(*, member: TeamMember, inspection_round: InspectionRound) -> bool:
    """Every module of the round's track complete for this member, as the readiness dashboard counts it."""
    if inspection_round.track_id is None:
        return False
    readiness = readiness_for_round(inspection_round=inspection_round, members=[member], with_conflicts=False)
    return bool(readiness) and bool(readiness[0].module_complete) and all(readiness[0].module_complete)


@dataclass(frozen=True)
class Total:
    label: str
    minutes: int

    @property
    def hours(self) -> str:
        return format_hours(self.minutes)


@dataclass(frozen=True)
class RoundHours:
    inspection_round: InspectionRound
    minutes: int
    certificate: Certificate | None
    may_issue: bool

    @property
    def hours(self) -> str:
        return format_hours(self.minutes)


@dataclass
class MyHours:
    credits: list[Credit]
    years: list[Total] = field(default_factory=list)
    rounds: list[RoundHours] = field(default_factory=list)
    certificates: list[Certificate] = field(default_factory=list)

    @property
    def minutes(self) -> int:
        return sum(c.minutes for c in self.credits)

    @property
    def hours(self) -> str:
        return format_hours(self.minutes)


def my_hours(*, user) -> MyHours:
    """The person's credits (newest first), totals per year (newest first) and per round they served in."""
    credits = read_credits(user_ids=[user.pk])
    per_year: dict[int, int] = defaultdict(int)
    for credit in credits:
        per_year[year_of(credit.when)] += credit.minutes
    certificates = list(Certificate.objects.filter(user=user))
    by_round = {c.inspection_round_id: c for c in certificates}
    memberships = (
        TeamMember.objects.filter(user=user)
        .select_related("team__round__track", "user", "team")
        .order_by("-team__round__starts_on")
    )
    rounds = []
    for member in memberships:
        inspection_round = member.team.round
        window = round_window(inspection_round)
        certificate = by_round.get(inspection_round.pk)
        rounds.append(
            RoundHours(
                inspection_round=inspection_round,
                minutes=sum(c.minutes for c in credits if window.holds(c.when)),
                certificate=certificate,
                may_issue=certificate is None and track_complete(member=member, inspection_round=inspection_round),
            )
        )
    return MyHours(
        credits=credits,
        years=[Total(str(year), minutes) for year, minutes in sorted(per_year.items(), reverse=True)],
        rounds=rounds,
        certificates=certificates,
    )


def own_certificate(*, user, pk: int) -> Certificate:
    """The person's own certificate; anyone else's is DoesNotExist (a 404)."""
    return Certificate.objects.get(pk=pk, user=user)


def normalise_code(code: str) -> str:
    return "".join(code.split()).upper().replace("-", "")


def find_certificate(*, code: str) -> Certificate | None:
    code = normalise_code(code)
    if not code:
        return None
    return Certificate.objects.filter(code=code).first()


def may_verify(user) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm(VERIFY_CERTIFICATE)


@dataclass(frozen=True)
class MemberHours:
    member: TeamMember
    minutes: int
    certificate: Certificate | None

    @property
    def hours(self) -> str:
        return format_hours(self.minutes)


def round_hours(*, inspection_round: InspectionRound) -> list[MemberHours]:
    """Each member's 学时 in the round's study period and their certificate, in the dashboard's order; a fixed
    number of queries whatever the size of the round."""
    members = members_in_order(teams=teams_of(inspection_round=inspection_round), with_person=True)
    minutes = minutes_by_person(user_ids=[m.user_id for m in members], inspection_round=inspection_round)
    certificates = {
        c.user_id: c for c in Certificate.objects.filter(inspection_round=inspection_round).order_by("issued_on")
    }
    return [MemberHours(member=m, minutes=minutes[m.user_id], certificate=certificates.get(m.user_id)) for m in members]


def may_read_round(*, user, inspection_round: InspectionRound) -> bool:
    """A round's 学时 are for its managers and those who may see every round (管理员)."""
    return manages_round(user=user, round_id=inspection_round.pk)


def certificates_of(*, user) -> QuerySet[Certificate]:
    return Certificate.objects.filter(user=user).order_by("issued_on", "pk")
