"""An evening of one team with a 定性 drill on its agenda: a talk, then the drill's facts and its reveal."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from studysessions.models import Attendance, AttendanceMethod, AttendanceStatus, Audience, StudySession
from tests.drills.factories import Taxonomy, drill_case, taxonomy
from tests.factories import UserFactory
from tests.rounds.factories import InspectionTeamFactory, TeamMemberFactory
from tests.studysessions.factories import StudySeriesFactory, evening
from tests.studysessions.factories_room import START, key_of

# Steps: 0 talk, 1 the drill's facts, 2 its reveal.
FACTS_STEP, REVEAL_STEP = 1, 2
DRILL_ITEM = 1
#: The title and summary name the answer; the facts step must not show them.
TITLE, SUMMARY = "村支书优亲厚友发包鱼塘", "优亲厚友问题概要"
FACTS = "某村党支部书记将村集体鱼塘低价发包给其亲属，未经村民代表会议。"
CHARACTERISATION = "违反群众纪律，在集体资源发包中优亲厚友。"


@dataclass
class DrillEvening:
    session: StudySession
    host: object
    members: list  # signed in to the evening
    not_signed_in: object  # on the team, but did not sign in
    outsider: object  # logged in, not on the team
    case: object
    tax: Taxonomy

    @property
    def key(self) -> str:
        return key_of(self.session)

    def url(self, name: str) -> str:
        return reverse(f"studysessions:{name}", kwargs={"key": self.key})


def drill_evening(
    *, members: int = 2, usernames: tuple[str, ...] = (), tax: Taxonomy | None = None, case=None
) -> DrillEvening:
    """``tax`` and ``case``: reuse those of an earlier evening (a second taxonomy would clash on its slugs)."""
    tax = tax or taxonomy()
    case = case or drill_case(
        categories=[tax.mass], title=TITLE, summary=SUMMARY, facts=f"<p>{FACTS}</p>", characterisation=CHARACTERISATION
    )
    team = InspectionTeamFactory()
    names = list(usernames) or [f"drill-member-{n}" for n in range(members)]
    people = [TeamMemberFactory(team=team, user=UserFactory(username=name)).user for name in names]
    absent = TeamMemberFactory(team=team).user
    host = UserFactory(username=f"{names[0]}-host")
    series = StudySeriesFactory(audience=Audience.TEAM, team=team, host=host)
    session = evening(
        series,
        START,
        agenda=[
            ("talk", {"speaker": "老巡察员", "topic": "第一次进驻", "notes": ""}),
            ("drill", {"case": case, "minutes": 15}),
        ],
    )
    for person in people:
        sign_in(session, person)
    return DrillEvening(
        session=session, host=host, members=people, not_signed_in=absent, outsider=UserFactory(), case=case, tax=tax
    )


def sign_in(session: StudySession, user) -> None:
    Attendance.objects.create(
        session=session,
        user=user,
        status=AttendanceStatus.PRESENT,
        method=AttendanceMethod.QR,
        signed_in_at=session.starts_at,
    )
