"""Factories for the talent pool: specialisms, people who served on rounds, members made ready at a given time."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from courses.models import ItemKind
from courses.services import record_completion
from rounds.models import TeamRole
from talent.models import PersonSpecialism, Specialism
from tests.factories import UserFactory
from tests.rounds.factories import (
    InspectionRoundFactory,
    InspectionTeamFactory,
    ModuleFactory,
    TeamMemberFactory,
    add_lessons,
)


class SpecialismFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"专长{n}")
    slug = factory.Sequence(lambda n: f"specialism-{n}")

    class Meta:
        model = Specialism


class PersonSpecialismFactory(DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    specialism = factory.SubFactory(SpecialismFactory)
    declared_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = PersonSpecialism


def specialism(name: str) -> Specialism:
    """One of the specialisms the migration ships (财经 …), or a new one."""
    return Specialism.objects.filter(name=name).first() or SpecialismFactory(name=name)


def round_with_lesson(*, starts_on: datetime.date, ends_on: datetime.date, name: str = ""):
    """A round whose track has one module of one lesson: studying it makes a member ready."""
    inspection_round = InspectionRoundFactory(starts_on=starts_on, ends_on=ends_on, **({"name": name} if name else {}))
    module = ModuleFactory(track=inspection_round.track)
    [lesson] = add_lessons(module)
    inspection_round.lesson = lesson
    return inspection_round


def serve(user, inspection_round, *, role: str = TeamRole.MEMBER, team_name: str = ""):
    team = inspection_round.teams.first() or InspectionTeamFactory(
        round=inspection_round, **({"name": team_name} if team_name else {})
    )
    return TeamMemberFactory(team=team, user=user, role=role)


def study(user, inspection_round, *, when: datetime.datetime) -> None:
    record_completion(user=user, kind=ItemKind.LESSON, item_id=inspection_round.lesson.pk, when=when)
