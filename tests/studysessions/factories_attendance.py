"""Helpers of the attendance tests: an evening of one team with named members and a fixed clock."""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Permission
from django.urls import reverse

from studysessions.models import Audience, StudySession
from studysessions.schedule.occurrences import Occurrence
from tests.factories import RegulationArticleFactory, RegulationIndexPageFactory, RegulationPageFactory, UserFactory
from tests.rounds.factories import InspectionTeamFactory, TeamMemberFactory
from tests.studysessions.factories import FIRST_TUESDAY, StudySeriesFactory, evening

SHANGHAI = ZoneInfo("Asia/Shanghai")
# The first evening of the series: Tuesday 2026-11-03 19:30-21:30.
START = datetime.datetime.combine(FIRST_TUESDAY, datetime.time(19, 30), tzinfo=SHANGHAI)
END = START + datetime.timedelta(hours=2)


@dataclass
class Evening:
    session: StudySession
    host: object
    members: list
    outsider: object  # logged in, but not on the team
    articles: list

    @property
    def key(self) -> str:
        s = self.session
        return Occurrence(series=s.series, slot_start=s.slot_start, starts_at=s.starts_at, ends_at=s.ends_at).key

    def url(self, name: str) -> str:
        return reverse(f"studysessions:{name}", kwargs={"key": self.key})


def team_evening(*, members: int = 3, agenda=None, articles: int = 3) -> Evening:
    """An evening for one team, with an article range (and whatever else ``agenda`` adds) on the agenda."""
    team = InspectionTeamFactory()
    people = [TeamMemberFactory(team=team, user=UserFactory(first_name=f"学员甲{n}")).user for n in range(members)]
    host = UserFactory(first_name="主持人乙")
    series = StudySeriesFactory(audience=Audience.TEAM, team=team, host=host, title="第一巡察组周二夜学")
    regulation = RegulationPageFactory(parent=RegulationIndexPageFactory())
    made = [RegulationArticleFactory(regulation=regulation, number=n, ordinal=n) for n in range(1, articles + 1)]
    items = [("articles", {"regulation": regulation, "first": 1, "last": articles, "minutes": 30})]
    session = evening(series, START, agenda=items + list(agenda or []))
    return Evening(
        session=session, host=host, members=people, outsider=UserFactory(first_name="局外人丙"), articles=made
    )


def grant(user, codename: str):
    user.user_permissions.add(Permission.objects.get(codename=codename))
    return type(user).objects.get(pk=user.pk)  # a fresh object: permissions are cached on the instance
