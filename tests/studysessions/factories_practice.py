"""An evening of one team with a practice block on its agenda (a talk, then the block): its members signed in,
one member who did not sign in, an outsider and the host. Shared by the 定性 drill and 情景演练 room tests."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from studysessions.models import Attendance, AttendanceMethod, AttendanceStatus, Audience, StudySession
from tests.factories import UserFactory
from tests.rounds.factories import InspectionTeamFactory, TeamMemberFactory
from tests.studysessions.factories import StudySeriesFactory, evening
from tests.studysessions.factories_room import START, key_of


@dataclass
class PracticeEvening:
    session: StudySession
    host: object
    members: list  # signed in to the evening
    not_signed_in: object  # on the team, but did not sign in
    outsider: object  # logged in, not on the team

    @property
    def key(self) -> str:
        return key_of(self.session)

    def url(self, name: str) -> str:
        return reverse(f"studysessions:{name}", kwargs={"key": self.key})


def sign_in(session: StudySession, user) -> None:
    Attendance.objects.create(
        session=session,
        user=user,
        status=AttendanceStatus.PRESENT,
        method=AttendanceMethod.QR,
        signed_in_at=session.starts_at,
    )


def practice_evening(*, block: tuple[str, dict], usernames: list[str]) -> PracticeEvening:
    """The team's evening: item 0 a talk, item 1 ``block`` (kind, value)."""
    team = InspectionTeamFactory()
    people = [TeamMemberFactory(team=team, user=UserFactory(username=name)).user for name in usernames]
    absent = TeamMemberFactory(team=team).user
    host = UserFactory(username=f"{usernames[0]}-host")
    series = StudySeriesFactory(audience=Audience.TEAM, team=team, host=host)
    talk = ("talk", {"speaker": "老巡察员", "topic": "第一次进驻", "notes": ""})
    session = evening(series, START, agenda=[talk, block])
    for person in people:
        sign_in(session, person)
    return PracticeEvening(session=session, host=host, members=people, not_signed_in=absent, outsider=UserFactory())
