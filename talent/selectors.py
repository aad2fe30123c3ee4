"""Reads of this app: who may see a 成长档案, one person's record, and the 人才库 search.

The record reads every app that holds a part of it through that app's api, in a number of queries bounded by
the rounds the person served and the years on the site, never by how much they did. The search runs a fixed
number of queries for a page whatever the number of people; the "ready within" filter costs a fixed number
per round that had not ended when the window began.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Avg, Count, Exists, F, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from accounts.api import profile_of
from drills.api import RUBRIC_MAX as DRILL_RUBRIC_MAX
from drills.api import DrillAttempt
from hours.api import minutes_by_person
from quizzes.api import Attempt, AttemptStatus
from readiness.api import readiness_for_round
from report_writing.api import RUBRIC_MAX as REPORT_RUBRIC_MAX
from report_writing.api import ReportDraft
from rounds.api import InspectionRound, TeamMember, TeamRole, manages_a_round
from talent.models import EDIT_SPECIALISMS, VIEW_PROFILES, PersonSpecialism, Specialism

#: Roles a round manager staffs by (组长、副组长、组员).
STAFFING_ROLES = (TeamRole.LEADER, TeamRole.DEPUTY, TeamRole.MEMBER)


def _may_view(user, *, manages: bool) -> bool:
    return user.is_authenticated and user.is_active and (manages or user.has_perm(VIEW_PROFILES))


def may_view_profiles(user) -> bool:
    """管理员 (the permission), and anyone named a manager of a round: staffing the next round is their job,
    as the readiness dashboard is. Nobody else reads another person's record."""
    return _may_view(user, manages=manages_a_round(user=user))


@dataclass(frozen=True)
class TalentMenu:
    #: Named a manager of some round (the readiness dashboard's link follows it too).
    manages_a_round: bool
    #: 我的成长档案: the person served on a round.
    has_record: bool
    #: 人才库: :func:`may_view_profiles`, worked out in the same query.
    may_search: bool


def talent_menu(*, user) -> TalentMenu:
    """The header's links: one query for both questions, whatever the page."""
    if not user.is_authenticated:
        return TalentMenu(manages_a_round=False, has_record=False, may_search=False)
    manages, member = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(
            manages=Exists(InspectionRound.objects.filter(managers=OuterRef("pk"))),
            member=Exists(TeamMember.objects.filter(user=OuterRef("pk"))),
        )
        .values_list("manages", "member")
        .first()
    ) or (False, False)
    return TalentMenu(manages_a_round=manages, has_record=member, may_search=_may_view(user, manages=manages))


def may_edit_specialisms(*, actor, person) -> bool:
    """The person themselves, and office staff allowed to correct the record."""
    if not actor.is_authenticated or not actor.is_active:
        return False
    return actor.pk == person.pk or actor.has_perm(EDIT_SPECIALISMS)


def person_for(*, viewer, user_id: int):
    """The person whose record ``viewer`` asked for; 404 for anyone but themselves and permitted staff."""
    if viewer.is_authenticated and viewer.pk == user_id:
        return viewer
    if not may_view_profiles(viewer):
        raise Http404
    person = get_user_model().objects.filter(pk=user_id).first()
    if person is None:
        raise Http404
    return person


def specialisms() -> QuerySet[Specialism]:
    return Specialism.objects.all()


def declared_specialisms(*, user) -> list[Specialism]:
    return [row.specialism for row in PersonSpecialism.objects.filter(user=user).select_related("specialism")]


# --- one person's record ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoundServed:
    round_name: str
    starts_on: date
    ends_on: date
    team_name: str
    role: str
    role_label: str
    ended: bool
    #: When the person became ready in this round (None: not ready).
    ready_at: datetime | None


@dataclass(frozen=True)
class QuizScore:
    title: str
    best_percent: Decimal | None
    attempts: int


@dataclass(frozen=True)
class MarkedWork:
    count: int
    average: Decimal | None
    maximum: int


@dataclass(frozen=True)
class GrowthRecord:
    person: object
    rounds: list[RoundServed]
    #: (year, minutes), newest year first.
    hours_by_year: list[tuple[int, int]]
    quiz_scores: list[QuizScore]
    drills: MarkedWork
    reports: MarkedWork
    specialisms: list[Specialism] = field(default_factory=list)
    #: 原单位, from the person's profile when the office recorded one.
    home_unit: str = ""


def _rounds_served(*, user, today: date) -> list[RoundServed]:
    memberships = list(
        TeamMember.objects.filter(user=user).select_related("team__round").order_by("-team__round__starts_on", "pk")
    )
    served = []
    roles = dict(TeamRole.choices)
    for member in memberships:
        inspection_round = member.team.round
        readiness = readiness_for_round(inspection_round=inspection_round, members=[member])
        served.append(
            RoundServed(
                round_name=inspection_round.name,
                starts_on=inspection_round.starts_on,
                ends_on=inspection_round.ends_on,
                team_name=member.team.name,
                role=member.role,
                role_label=roles.get(member.role, member.role),
                ended=inspection_round.ends_on < today,
                ready_at=readiness[0].reached_at if readiness else None,
            )
        )
    return served


def _marked(queryset, *, rubric, rubric_max: int) -> MarkedWork:
    """How many pieces were marked and their average rubric total (not the texts)."""
    total = sum((Coalesce(name, 0) for name, _label in rubric[1:]), Coalesce(rubric[0][0], 0))
    figures = queryset.filter(marked_at__isnull=False).aggregate(n=Count("pk"), average=Avg(total))
    average = figures["average"]
    return MarkedWork(
        count=figures["n"],
        average=Decimal(str(round(average, 1))) if average is not None else None,
        maximum=rubric_max * len(rubric),
    )


def growth_record(*, user, today: date | None = None) -> GrowthRecord:
    today = today or timezone.localdate()
    rounds = _rounds_served(user=user, today=today)
    first_year = min([timezone.localtime(user.date_joined).year, *(r.starts_on.year for r in rounds)])
    years = range(today.year, first_year - 1, -1)
    hours = [(year, minutes_by_person(user_ids=[user.pk], year=year)[user.pk]) for year in years]
    best = (
        Attempt.objects.filter(user=user, status=AttemptStatus.COMPLETED)
        .values("quiz_id", "quiz__title")
        .annotate(best=Max("percent"), n=Count("pk"))
        .order_by("quiz__title")
    )
    return GrowthRecord(
        person=user,
        rounds=rounds,
        hours_by_year=hours,
        quiz_scores=[QuizScore(title=row["quiz__title"], best_percent=row["best"], attempts=row["n"]) for row in best],
        drills=_marked(DrillAttempt.objects.filter(user=user), rubric=DrillAttempt.rubric, rubric_max=DRILL_RUBRIC_MAX),
        reports=_marked(
            ReportDraft.objects.filter(writer=user), rubric=ReportDraft.rubric, rubric_max=REPORT_RUBRIC_MAX
        ),
        specialisms=declared_specialisms(user=user),
        home_unit=getattr(profile_of(user=user), "home_unit", ""),
    )


# --- the 人才库 search -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PoolFilters:
    name: str = ""
    specialism_ids: tuple[int, ...] = ()
    min_rounds: int = 0
    ready_within_months: int | None = None
    role: str = ""
    #: "rounds": most rounds served first (the default); "score": best average quiz score first.
    order: str = "rounds"

    @property
    def is_empty(self) -> bool:
        return self == PoolFilters()


def ready_user_ids(*, since: datetime, today: date | None = None) -> set[int]:
    """People who became ready in some round at or after ``since``: every round that had not ended by then is
    read once, with all its members (a fixed number of queries per round, none per person)."""
    today = today or timezone.localdate()
    ready = set()
    for inspection_round in InspectionRound.objects.filter(ends_on__gte=timezone.localtime(since).date()):
        for readiness in readiness_for_round(inspection_round=inspection_round):
            reached = readiness.reached_at
            if reached is not None and reached >= since:
                ready.add(readiness.member.user_id)
    return ready


def months_ago(*, months: int, now: datetime | None = None) -> datetime:
    """Roughly ``months`` calendar months back (30.44 days each): a window, not a date on a certificate."""
    now = now or timezone.now()
    return now - timedelta(days=round(months * 30.44))


def talent_pool(*, filters: PoolFilters, now: datetime | None = None) -> QuerySet:
    """Active people who served on a round or declared a specialism, matching every filter given, with
    ``rounds_served``, ``last_round``, ``last_round_started`` and ``quiz_average`` annotated; ordered by most
    rounds (or by the best average quiz score: ``filters.order``), then name."""
    memberships = TeamMember.objects.filter(user=OuterRef("pk"))
    served = memberships.order_by().values("user").annotate(n=Count("team__round", distinct=True)).values("n")
    last = memberships.order_by("-team__round__starts_on", "-pk")
    people = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(Exists(memberships)) | Q(Exists(PersonSpecialism.objects.filter(user=OuterRef("pk")))))
        .annotate(
            rounds_served=Coalesce(Subquery(served, output_field=IntegerField()), Value(0)),
            last_round=Subquery(last.values("team__round__name")[:1]),
            last_round_started=Subquery(last.values("team__round__starts_on")[:1]),
            quiz_average=Subquery(
                Attempt.objects.filter(user=OuterRef("pk"), status=AttemptStatus.COMPLETED)
                .order_by()
                .values("user")
                .annotate(average=Avg("percent"))
                .values("average")
            ),
        )
    )
    name = filters.name.strip()
    if name:
        people = people.filter(
            Q(first_name__icontains=name) | Q(last_name__icontains=name) | Q(username__icontains=name)
        )
    if filters.specialism_ids:
        chosen = PersonSpecialism.objects.filter(user=OuterRef("pk"), specialism_id__in=filters.specialism_ids)
        people = people.filter(Exists(chosen))
    if filters.min_rounds:
        people = people.filter(rounds_served__gte=filters.min_rounds)
    if filters.role:
        people = people.filter(Exists(memberships.filter(role=filters.role)))
    if filters.ready_within_months:
        since = months_ago(months=filters.ready_within_months, now=now)
        people = people.filter(pk__in=ready_user_ids(since=since))
    by_name = ("last_name", "first_name", "username")
    if filters.order == "score":
        return people.order_by(F("quiz_average").desc(nulls_last=True), "-rounds_served", *by_name)
    return people.order_by("-rounds_served", *by_name)


@dataclass(frozen=True)
class PoolEntry:
    person: object
    rounds_served: int
    last_round: str | None
    specialisms: list[Specialism]
    minutes_this_year: int
    #: The average score of the person's completed quiz attempts, in percent; None before any.
    quiz_average: Decimal | None = None


def pool_entries(*, people: list, year: int) -> list[PoolEntry]:
    """The page's people with their specialisms and 学时 this year: a fixed number of queries for the page."""
    ids = [person.pk for person in people]
    declared: dict[int, list[Specialism]] = {pk: [] for pk in ids}
    rows = PersonSpecialism.objects.filter(user_id__in=ids).select_related("specialism")
    for row in rows:
        declared[row.user_id].append(row.specialism)
    minutes = minutes_by_person(user_ids=ids, year=year) if ids else {}
    return [
        PoolEntry(
            person=person,
            rounds_served=person.rounds_served,
            last_round=person.last_round,
            specialisms=declared[person.pk],
            minutes_this_year=minutes.get(person.pk, 0),
            quiz_average=person.quiz_average,
        )
        for person in people
    ]
