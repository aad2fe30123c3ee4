"""Records that earn 学时, made directly (each app's own tests cover how they are written)."""

import datetime

from django.utils import timezone

from courses.models import ItemKind
from courses.services import record_completion
from report_writing.models import DraftStatus
from scenarios.endings import Ending
from scenarios.models import ScenarioIndexPage, ScenarioRun
from studysessions.models import Attendance, AttendanceMethod, AttendanceStatus
from tests.drills.factories import attempt, drill_case, taxonomy
from tests.report_writing.factories import ReportDraftFactory, ReportExercisePageFactory
from tests.rounds.factories import LessonPageFactory
from tests.scenarios.factories import ScenarioPageFactory
from tests.studysessions.factories import StudySeriesFactory, evening


def at(year: int, month: int, day: int, hour: int = 10) -> datetime.datetime:
    """A moment in the site's time zone (Asia/Shanghai)."""
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def studied(user, lesson, when):
    return record_completion(user=user, kind=ItemKind.LESSON, item_id=lesson.pk, when=when)[0]


def lesson(minutes: int = 25):
    return LessonPageFactory(estimated_minutes=minutes)


def attended(user, session, status=AttendanceStatus.PRESENT):
    return Attendance.objects.create(session=session, user=user, status=status, method=AttendanceMethod.ROSTER)


def an_evening(starts_at):
    """A two-hour evening (19:30–21:30) of a new series, on the day of ``starts_at``."""
    series = StudySeriesFactory(first_date=timezone.localdate(starts_at))
    return evening(series, timezone.localtime(starts_at).replace(hour=19, minute=30))


class DrillWorld:
    def __init__(self):
        self.taxonomy = taxonomy()
        self.case = drill_case(categories=[self.taxonomy.mass])

    def answer(self, user, when):
        return attempt(user=user, case=self.case, category=self.taxonomy.mass, now=when)


def scenario_run(user, scenario, when, ending=Ending.GOOD):
    return ScenarioRun.objects.create(
        user=user, scenario=scenario, ending=ending, started_at=when, finished_at=when, current_step=""
    )


def scenario():
    index = ScenarioIndexPage.objects.first()
    return ScenarioPageFactory(parent=index) if index else ScenarioPageFactory()


def exercise():
    return ReportExercisePageFactory()


def marked_draft(user, exercise_page, when, *, marked=True):
    return ReportDraftFactory(
        writer=user,
        exercise=exercise_page,
        status=DraftStatus.MARKED if marked else DraftStatus.SUBMITTED,
        created_at=when,
        updated_at=when,
        submitted_at=when,
        marked_at=when if marked else None,
    )


def round_with_one_lesson(**round_fields):
    """A round whose track has one module of one lesson (minutes 30), and a member of its one team."""
    from tests.rounds.factories import (
        InspectionRoundFactory,
        InspectionTeamFactory,
        ModuleFactory,
        TeamMemberFactory,
        add_lessons,
    )

    inspection_round = InspectionRoundFactory(**round_fields)
    module = ModuleFactory(track=inspection_round.track)
    [only] = add_lessons(module)
    only.estimated_minutes = 30
    only.save()
    member = TeamMemberFactory(team=InspectionTeamFactory(round=inspection_round))
    return inspection_round, only, member.user
