"""A round with a member of every team role, its manager, another round's manager, and one report."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import factory
from factory.django import DjangoModelFactory

from core.roles import ADMINISTRATOR, AUDITOR, EDITOR
from interference.models import ApproachReport, Channel
from rounds.models import InspectionRound, TeamMember, TeamRole
from tests.factories import UserFactory
from tests.rounds.factories import InspectionRoundFactory, InspectionTeamFactory, TeamMemberFactory


class ApproachReportFactory(DjangoModelFactory):
    round = factory.SubFactory(InspectionRoundFactory)
    reporter = factory.SubFactory(UserFactory)
    happened_on = factory.LazyFunction(datetime.date.today)
    channel = Channel.PHONE
    approacher = "被巡察单位某科室负责人"
    request = "希望巡察组对某项目“高抬贵手”（示例）"
    response = "已告知按规定办理"

    class Meta:
        model = ApproachReport


@dataclass
class Register:
    round: InspectionRound
    member: object
    other_member: object
    leader: object
    deputy: object
    liaison: object
    other_team_leader: object  # a leader of the same round (every team's leaders read the round)
    manager: object
    other_manager: object
    administrator: object
    auditor: object
    editor: object
    report: ApproachReport


def _member(team, role=TeamRole.MEMBER) -> object:
    return TeamMemberFactory(team=team, role=role).user


def build_register() -> Register:
    inspection_round = InspectionRoundFactory()
    team, other_team = InspectionTeamFactory(round=inspection_round), InspectionTeamFactory(round=inspection_round)
    other_round = InspectionRoundFactory()
    manager, other_manager = UserFactory(), UserFactory()
    inspection_round.managers.add(manager)
    inspection_round.save()
    other_round.managers.add(other_manager)
    other_round.save()
    member = _member(team)
    register = Register(
        round=inspection_round,
        member=member,
        other_member=_member(team),
        leader=_member(team, TeamRole.LEADER),
        deputy=_member(team, TeamRole.DEPUTY),
        liaison=_member(team, TeamRole.LIAISON),
        other_team_leader=_member(other_team, TeamRole.LEADER),
        manager=manager,
        other_manager=other_manager,
        administrator=UserFactory(role=ADMINISTRATOR),
        auditor=UserFactory(role=AUDITOR),
        editor=UserFactory(role=EDITOR),
        report=ApproachReportFactory(round=inspection_round, reporter=member),
    )
    # A leader of another round's team reads nothing of this one.
    TeamMember.objects.create(team=InspectionTeamFactory(round=other_round), user=other_manager, role=TeamRole.LEADER)
    return register
