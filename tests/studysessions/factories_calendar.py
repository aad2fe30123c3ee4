"""Helpers of the calendar, reminder and schedule-view tests: evenings placed around a fixed moment or today."""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from rounds.models import TeamMember
from tests.rounds.factories import InspectionTeamFactory
from tests.studysessions.factories import StudySeriesFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
EVERY_DAY = "MO,TU,WE,TH,FR,SA,SU"


def at(day: datetime.date, hour=19, minute=30) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=SHANGHAI)


def team_with(*users):
    team = InspectionTeamFactory()
    for user in users:
        TeamMember.objects.create(team=team, user=user)
    return team


def team_series(*members, **fields):
    """A series for one team whose members are ``members``."""
    team = team_with(*members)
    return StudySeriesFactory(audience="team", team=team, round=team.round, **fields)


def daily_series_around_today(*members, **fields):
    """Every evening at 19:30 from three weeks ago: there is always one yesterday and one tomorrow, whatever
    the clock says, for the views that read the real time."""
    fields.setdefault("weekdays", EVERY_DAY)
    fields.setdefault("first_date", timezone.localdate() - datetime.timedelta(days=21))
    return team_series(*members, **fields)


def yesterday() -> datetime.datetime:
    return at(timezone.localdate() - datetime.timedelta(days=1))


def tomorrow() -> datetime.datetime:
    return at(timezone.localdate() + datetime.timedelta(days=1))
