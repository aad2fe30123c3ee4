"""A round whose track has one module with lessons (and optionally a quiz), and one member, for validity windows
and refreshers."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from courses.models import LessonPage, Module, ModuleLesson
from rounds.models import InspectionRound, TeamMember
from tests.rounds.factories import (
    InspectionRoundFactory,
    InspectionTeamFactory,
    LessonPageFactory,
    ModuleFactory,
    TeamMemberFactory,
)


@dataclass
class OneModuleRound:
    round: InspectionRound
    module: Module
    lessons: list[LessonPage]
    member: TeamMember

    @property
    def user(self):
        return self.member.user


def lesson_citing(*articles) -> LessonPage:
    """A published lesson whose body quotes these articles (article blocks)."""
    body = [("text", "<p>导语</p>")] + [("article", {"article": a, "note": ""}) for a in articles]
    lesson = LessonPageFactory(body=body)
    lesson.save_revision().publish()
    return lesson


def one_module_round(*, lessons: list[LessonPage] | None = None, starts_on: datetime.date | None = None, **module):
    """The round starts on ``starts_on`` (a week from today by default); ``module``: the module's fields."""
    starts_on = starts_on or timezone.localdate() + datetime.timedelta(days=7)
    round_ = InspectionRoundFactory(starts_on=starts_on, ends_on=starts_on + datetime.timedelta(days=60))
    mod = ModuleFactory(track=round_.track, **module)
    lessons = lessons if lessons is not None else [LessonPageFactory()]
    for order, lesson in enumerate(lessons):
        ModuleLesson.objects.create(module=mod, lesson=lesson, sort_order=order)
    member = TeamMemberFactory(team=InspectionTeamFactory(round=round_))
    return OneModuleRound(round=round_, module=mod, lessons=lessons, member=member)


def start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
