"""Factories for rounds, teams, members, study packs, tracks, modules and lessons."""

import datetime

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from courses.models import CourseIndexPage, LessonPage, Module, ModuleLesson, Track
from rounds.models import (
    InspectedUnit,
    InspectionRound,
    InspectionTeam,
    Region,
    StudyPack,
    TeamMember,
    UnitSystem,
)
from tests.factories import UnitTypeFactory, UserFactory, home_page


class TrackFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"培训路径{n}")
    slug = factory.Sequence(lambda n: f"track-{n}")

    class Meta:
        model = Track


class ModuleFactory(DjangoModelFactory):
    track = factory.SubFactory(TrackFactory)
    title = factory.Sequence(lambda n: f"模块{n}")
    sort_order = factory.Sequence(int)

    class Meta:
        model = Module


def course_index() -> CourseIndexPage:
    existing = CourseIndexPage.objects.first()
    if existing:
        return existing
    index = CourseIndexPage(title="学习课程", slug="courses")
    home_page().add_child(instance=index)
    return index


class LessonPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"课程{n}")
    slug = factory.Sequence(lambda n: f"lesson-{n}")
    parent = factory.LazyFunction(course_index)

    class Meta:
        model = LessonPage


def add_lessons(module: Module, count: int = 1) -> list[LessonPage]:
    lessons = [LessonPageFactory() for _ in range(count)]
    for order, lesson in enumerate(lessons):
        ModuleLesson.objects.create(module=module, lesson=lesson, sort_order=order)
    return lessons


class InspectionRoundFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"第{n}轮巡察")
    starts_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=7))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + datetime.timedelta(days=60))
    track = factory.SubFactory(TrackFactory)

    class Meta:
        model = InspectionRound
        skip_postgeneration_save = True


class InspectedUnitFactory(DjangoModelFactory):
    round = factory.SubFactory(InspectionRoundFactory)
    name = factory.Sequence(lambda n: f"被巡察单位{n}")
    unit_type = factory.SubFactory(UnitTypeFactory)

    class Meta:
        model = InspectedUnit


class InspectionTeamFactory(DjangoModelFactory):
    round = factory.SubFactory(InspectionRoundFactory)
    name = factory.Sequence(lambda n: f"第{n}巡察组")

    class Meta:
        model = InspectionTeam
        skip_postgeneration_save = True


class TeamMemberFactory(DjangoModelFactory):
    team = factory.SubFactory(InspectionTeamFactory)
    user = factory.SubFactory(UserFactory)

    class Meta:
        model = TeamMember


class StudyPackFactory(DjangoModelFactory):
    round = factory.SubFactory(InspectionRoundFactory)
    unit_type = factory.SubFactory(UnitTypeFactory)
    title = factory.Sequence(lambda n: f"专题学习包{n}")

    class Meta:
        model = StudyPack
        skip_postgeneration_save = True


class UnitSystemFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"测试系统{n}")
    slug = factory.Sequence(lambda n: f"system-{n}")

    class Meta:
        model = UnitSystem


class RegionFactory(DjangoModelFactory):
    """A township unless given a ``parent`` (then a village of it)."""

    name = factory.Sequence(lambda n: f"测试区域{n}")
    slug = factory.Sequence(lambda n: f"region-{n}")

    class Meta:
        model = Region
