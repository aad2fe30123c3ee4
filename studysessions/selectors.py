"""Reads shared by the study-session views: who a series is for, which series a person follows."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from rounds.models import TeamMember
from studysessions.models import Audience, StudySeries, StudySession


def audience_user_ids(*, series: StudySeries) -> set[int]:
    """Everyone expected at the series' evenings (the host is not counted)."""
    if series.audience == Audience.TEAM:
        ids = TeamMember.objects.filter(team_id=series.team_id).values_list("user_id", flat=True)
    elif series.audience == Audience.ROUND:
        ids = TeamMember.objects.filter(team__round_id=series.round_id).values_list("user_id", flat=True)
    else:
        ids = get_user_model().objects.filter(is_active=True).values_list("pk", flat=True)
    return set(ids) - {series.host_id}


def series_for_user(*, user) -> QuerySet[StudySeries]:
    """The series a person is expected at, or hosts."""
    memberships = TeamMember.objects.filter(user=user)
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
    if series.audience == Audience.TEAM:
        return TeamMember.objects.filter(team_id=series.team_id, user_id=user.pk).exists()
    if series.audience == Audience.ROUND:
        return TeamMember.objects.filter(team__round_id=series.round_id, user_id=user.pk).exists()
    return user.is_active


def can_host(*, occurrence, user) -> bool:
    """Only the evening's host drives the projector and the roster (an office admin may stand in).
    The occurrence knows its host whether or not its row exists yet."""
    return user.is_authenticated and (user.pk == occurrence.host_id or user.has_perm("studysessions.host_any_session"))


def host_of(*, occurrence):
    """The evening's host as a person (the row's stand-in host, else the series' host)."""
    return get_user_model().objects.filter(pk=occurrence.host_id).first()


def may_see_record(*, occurrence, user) -> bool:
    """The printed record is for the host and for the office staff who keep the evenings' files."""
    return can_host(occurrence=occurrence, user=user) or user.has_perm("studysessions.change_studysession")


def may_follow(*, occurrence, user) -> bool:
    """The audience and the host may follow the projector on their phones."""
    return is_expected(series=occurrence.series, user=user) or can_host(occurrence=occurrence, user=user)


def occurrence_for_key(*, key: str):
    """The evening a URL key names (see schedule.Occurrence.key), with its row if it has one; None if the
    series does not exist or has no evening there (an evening moved away keeps its key)."""
    from studysessions.schedule import Occurrence, duration, is_slot, parse_key

    parsed = parse_key(key)
    if parsed is None:
        return None
    series_id, slot_start = parsed
    series = StudySeries.objects.select_related("host").filter(pk=series_id).first()
    if series is None:
        return None
    row = StudySession.objects.filter(series=series, slot_start=slot_start).first()
    if row is not None:
        row.series = series
        return Occurrence(
            series=series, slot_start=slot_start, starts_at=row.starts_at, ends_at=row.ends_at, session=row
        )
    if not is_slot(series, slot_start):
        return None
    return Occurrence(series=series, slot_start=slot_start, starts_at=slot_start, ends_at=slot_start + duration(series))
