"""Who an evening is for and who may do what with it: the audience of a series, the series a person
follows, the host, and the checks the pages make (see, follow, print the record).

Team membership is read through ``rounds.api``.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from rounds.api import manages_round, member_user_ids, memberships_of
from studysessions.models import Audience, StudySeries, StudySession
from studysessions.schedule.occurrences import Occurrence

PLAN_PERMISSION = "studysessions.change_studyseries"
HOST_ANY_PERMISSION = "studysessions.host_any_session"


def _members(series: StudySeries) -> QuerySet | None:
    """User ids of the team or round a series is for (a values queryset); None for a series for everyone."""
    if series.audience == Audience.TEAM:
        return member_user_ids(team_id=series.team_id) if series.team_id is not None else member_user_ids().none()
    if series.audience == Audience.ROUND:
        return member_user_ids(round_id=series.round_id) if series.round_id is not None else member_user_ids().none()
    return None


def audience_user_ids(*, series: StudySeries) -> set[int]:
    """Everyone expected at the series' evenings (the host is not counted)."""
    ids = _members(series)
    if ids is None:
        ids = get_user_model().objects.filter(is_active=True).values_list("pk", flat=True)
    return set(ids) - {series.host_id}


def series_for_user(*, user) -> QuerySet[StudySeries]:
    """The series a person is expected at, or hosts."""
    memberships = memberships_of(user=user)
    return (
        StudySeries.objects.filter(
            Q(audience=Audience.EVERYONE)
            | Q(audience=Audience.ROUND, round_id__in=memberships.values("team__round_id"))
            | Q(audience=Audience.TEAM, team_id__in=memberships.values("team_id"))
            | Q(host=user)
        )
        .select_related("host")
        .distinct()
    )


def is_expected(*, series: StudySeries, user) -> bool:
    """Whether the person is in the series' audience (as ``audience_user_ids``), in at most one query:
    a series for everyone asks none, the phones of a whole county poll with this."""
    if not user.is_authenticated or user.pk == series.host_id:
        return False
    members = _members(series)
    if members is None:
        return user.is_active
    return members.filter(user_id=user.pk).exists()


def can_host(*, occurrence: Occurrence, user) -> bool:
    """Only the evening's host drives the projector and the roster (an office admin may stand in).
    The occurrence knows its host whether or not its row exists yet."""
    return user.is_authenticated and (user.pk == occurrence.host_id or user.has_perm(HOST_ANY_PERMISSION))


def host_of(*, occurrence: Occurrence):
    """The evening's host as a person (the row's stand-in host, else the series' host)."""
    return get_user_model().objects.filter(pk=occurrence.host_id).first()


def manages_audience(*, series: StudySeries, user) -> bool:
    """The office staff responsible for the series' people: the managers of its round (for a round or a
    team audience) and those who see every round. A series for everyone has no round to manage."""
    if series.audience == Audience.ROUND:
        return manages_round(user=user, round_id=series.round_id)
    if series.audience == Audience.TEAM and series.team_id is not None:
        return manages_round(user=user, round_id=series.team.round_id)
    return False


def may_see(*, occurrence: Occurrence, user) -> bool:
    """Every page of the evening: its audience, its hosts (and 管理员, who may stand in) and the managers of
    its round. Anyone else gets a 404 on all of them, as for an evening that does not exist."""
    return (
        is_expected(series=occurrence.series, user=user)
        or can_host(occurrence=occurrence, user=user)
        or manages_audience(series=occurrence.series, user=user)
    )


def may_see_record(*, occurrence: Occurrence, user) -> bool:
    """The printed record (absence reasons, minutes, roster): the host, the managers of the evening's round
    and 管理员 (who holds ``host_any_session``). Planning the evenings does not open their records."""
    return can_host(occurrence=occurrence, user=user) or manages_audience(series=occurrence.series, user=user)


def may_see_minutes(*, session: StudySession, user) -> bool:
    """Whether the admin's edit form of a stored evening shows its minutes: as ``may_see_record``. A new
    or copied evening (no row yet) has no minutes to show."""
    if session.pk is None:
        return False
    occurrence = Occurrence(
        series=session.series,
        slot_start=session.slot_start,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        session=session,
    )
    return may_see_record(occurrence=occurrence, user=user)


def may_follow(*, occurrence: Occurrence, user) -> bool:
    """The audience and the host may follow the projector on their phones."""
    return is_expected(series=occurrence.series, user=user) or can_host(occurrence=occurrence, user=user)


def may_poll(*, series_id: int, slot_start, user) -> bool:
    """Whether the person may poll the evening's room state: in one query for its audience and its hosts
    (what the phones of a whole county ask every 2 s), then the slower checks of ``may_see``."""
    if not user.is_authenticated:
        return False
    memberships = memberships_of(user=user)
    fast = StudySeries.objects.filter(pk=series_id).filter(
        Q(host=user)
        | Q(audience=Audience.EVERYONE)
        | Q(audience=Audience.ROUND, round_id__in=memberships.values("team__round_id"))
        | Q(audience=Audience.TEAM, team_id__in=memberships.values("team_id"))
        | Q(sessions__slot_start=slot_start, sessions__host=user)
    )
    if fast.exists():
        return True
    series = StudySeries.objects.select_related("team").filter(pk=series_id).first()
    if series is None:
        return False
    return user.has_perm(HOST_ANY_PERMISSION) or manages_audience(series=series, user=user)
