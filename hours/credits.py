"""学时 from the records the other apps already keep: nothing typed by hand, nothing counted twice.

- a lesson studied: the lesson's own estimate (``estimated_minutes``), once (the completion record is unique);
- an evening (夜学) attended in person (present or late, the evening not cancelled): its length; a make-up (补学)
  is not attendance and earns nothing here;
- a drill case answered, a scenario completed (its good ending), a report writing exercise marked: the minutes in
  ``HoursSettings``, once per case, scenario or exercise, at the first time it happened.

Each kind is one query whatever the number of people (six with the setting). A credit's time is when the study
happened; a window (``since``/``until``) keeps the credits whose first time falls in it, so a drill answered again
next year does not count twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import F, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.api import CompletionRecord, ItemKind, LessonPage
from drills.api import DrillAttempt
from hours.models import HoursSettings
from report_writing.api import ReportDraft
from scenarios.api import Ending, ScenarioRun
from studysessions.api import Attendance, AttendanceStatus, SessionStatus

LESSON = "lesson"
EVENING = "evening"
DRILL = "drill"
SCENARIO = "scenario"
REPORT = "report"

KIND_LABELS = {
    LESSON: _("Lesson studied"),
    EVENING: _("Evening attended in person"),
    DRILL: _("Drill case answered"),
    SCENARIO: _("Scenario completed"),
    REPORT: _("Report writing exercise marked"),
}


@dataclass(frozen=True)
class Credit:
    user_id: int
    kind: str
    title: str
    minutes: int
    when: datetime

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])


@dataclass(frozen=True)
class Window:
    """From ``since`` (included) to ``until`` (excluded); either end may be open."""

    since: datetime | None = None
    until: datetime | None = None

    def q(self, field: str) -> Q:
        wanted = Q()
        if self.since is not None:
            wanted &= Q(**{f"{field}__gte": self.since})
        if self.until is not None:
            wanted &= Q(**{f"{field}__lt": self.until})
        return wanted

    def holds(self, moment: datetime) -> bool:
        return (self.since is None or moment >= self.since) and (self.until is None or moment < self.until)


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def year_window(year: int) -> Window:
    """The calendar year in the site's time zone (Asia/Shanghai)."""
    return Window(since=_midnight(date(year, 1, 1)), until=_midnight(date(year + 1, 1, 1)))


def round_window(inspection_round) -> Window:
    """A round's study period: from when it was set up to the end of its last day."""
    return Window(since=inspection_round.created_at, until=_midnight(inspection_round.ends_on + timedelta(days=1)))


def year_of(moment: datetime) -> int:
    return timezone.localtime(moment).year


def read_credits(*, user_ids: Iterable[int], window: Window | None = None) -> list[Credit]:
    """Every credit of these people (in the window when given), newest first."""
    ids = list(set(user_ids))
    if not ids:
        return []
    window = window or Window()
    rates = HoursSettings.current()
    credits = [
        *_lessons(ids, window),
        *_evenings(ids, window),
        *_firsts(ids, window, rates.drill_minutes, DRILL, _drill_rows()),
        *_firsts(ids, window, rates.scenario_minutes, SCENARIO, _scenario_rows()),
        *_firsts(ids, window, rates.report_exercise_minutes, REPORT, _report_rows(), user_field="writer_id"),
    ]
    credits.sort(key=lambda c: (c.when, c.kind, c.title), reverse=True)
    return credits


def _lessons(ids: list[int], window: Window) -> list[Credit]:
    lesson = LessonPage.objects.filter(pk=OuterRef("item_id"))
    rows = (
        CompletionRecord.objects.filter(window.q("completed_at"), kind=ItemKind.LESSON, user_id__in=ids)
        .annotate(minutes=Subquery(lesson.values("estimated_minutes")[:1]), title=Subquery(lesson.values("title")[:1]))
        .order_by()
        .values_list("user_id", "title", "minutes", "completed_at")
    )
    # A lesson since deleted has no minutes to count.
    return [Credit(u, LESSON, t, m, w) for u, t, m, w in rows if m is not None]


def _evenings(ids: list[int], window: Window) -> list[Credit]:
    rows = (
        Attendance.objects.filter(
            window.q("session__starts_at"),
            user_id__in=ids,
            status__in=(AttendanceStatus.PRESENT, AttendanceStatus.LATE),
        )
        .exclude(session__status=SessionStatus.CANCELLED)
        .order_by()
        .values_list("user_id", "session__series__title", "session__starts_at", "session__ends_at")
    )
    return [
        Credit(u, EVENING, title, max(0, int((ends - starts).total_seconds() // 60)), starts)
        for u, title, starts, ends in rows
    ]


def _drill_rows():
    return DrillAttempt.objects.values("user_id", "case_id").annotate(title=F("case__title"), first=Min("created_at"))


def _scenario_rows():
    return (
        ScenarioRun.objects.filter(ending=Ending.GOOD, finished_at__isnull=False)
        .values("user_id", "scenario_id")
        .annotate(title=F("scenario__title"), first=Min("finished_at"))
    )


def _report_rows():
    return (
        ReportDraft.objects.filter(exercise__isnull=False, marked_at__isnull=False)
        .values("writer_id", "exercise_id")
        .annotate(title=F("exercise__title"), first=Min(Coalesce("submitted_at", "marked_at")))
    )


def _firsts(ids: list[int], window: Window, minutes: int, kind: str, rows, user_field: str = "user_id") -> list[Credit]:
    """One credit per person and item, at its first time; kept when that first time is in the window."""
    rows = rows.filter(**{f"{user_field}__in": ids}).filter(window.q("first")).order_by()
    return [Credit(r[user_field], kind, r["title"], minutes, r["first"]) for r in rows]
