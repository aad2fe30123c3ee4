"""The records readiness is computed from, read for a whole round in a fixed number of queries.

Kept apart from the rules: this module only reads, and only through the other apps' api. Completions are
keyed per user by the criterion's own "kind:item id" string, so hundreds of members add no tuple per row
to collect. When each item was completed is read separately (`completion_times`), only for the members
whose detail is shown: converting thousands of timestamps cost the dashboard more than the rest together.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q

from courses import api as courses_api
from courses.api import ItemKind, Module
from declarations.api import acknowledgement_times
from drills.api import correct_drill_cases
from quizzes.api import QuizStanding, quiz_standings
from regulations.api import citation_of
from report_writing.api import exercise_pass_marks, exercise_standings
from rounds.api import InspectionRound, StudyPack
from scenarios.api import good_endings
from studysessions.api import sessions_attended


@dataclass
class Records:
    #: user id → the "kind:item id" of each item they completed.
    completed: dict[int, set[str]]
    #: (user id, quiz id) → standing, for those who finished an attempt.
    quiz_results: dict[tuple[int, int], QuizStanding]
    #: (user id, kind) → when they agreed to the current text of that kind.
    acknowledged: dict[tuple[int, str], datetime]
    #: user id → evenings attended in person since the round was created.
    sessions: dict[int, int]
    #: drill set (a category id, or None for every case) → user id → different cases characterised exactly right
    #: since the round was created.
    drills_correct: dict[int | None, dict[int, int]]
    #: user id → the scenario pages they played to a good ending since the round was created.
    good_endings: dict[int, set[int]]
    #: user id → report writing exercise id → "passed", "awaiting" or "below", since the round was created.
    report_exercises: dict[int, dict[int, str]]
    #: report writing exercise id → its pass mark, for the criteria's labels.
    exercise_pass_marks: dict[int, int]
    #: The completions that count (the track's lessons, the packs' items), for `completion_times`.
    items: Q


def pack_article(article):
    """The article a study pack asks for: a superseded one counts as the article in force it became."""
    return citation_of(article).target


def read_records(
    *, inspection_round: InspectionRound, user_ids: list[int], modules: list[Module], packs: list[StudyPack]
) -> Records:
    items = courses_api.items_filter(
        items={
            ItemKind.LESSON: (ml.lesson_id for m in modules for ml in m.lessons.all()),
            ItemKind.ARTICLE: (pack_article(a).pk for p in packs for a in p.articles.all()),
            ItemKind.CASE: (c.pk for p in packs for c in p.cases.all()),
            ItemKind.GUIDE: (g.pk for p in packs for g in p.guides.all()),
        }
    )
    quizzes = [m.quiz for m in modules if m.quiz] + [p.quiz for p in packs if p.quiz]
    since = inspection_round.created_at
    drill_sets = {m.drill_category_id for m in modules if m.min_drills_correct}
    scenario_ids = {page.pk for m in modules for page in courses_api.scenarios_of(m)}
    exercise_ids = {page.pk for m in modules for page in courses_api.report_exercises_of(m)}
    return Records(
        completed=courses_api.completed_keys(wanted=items, user_ids=user_ids),
        quiz_results=quiz_standings(quizzes=quizzes, user_ids=user_ids),
        acknowledged=acknowledgement_times(user_ids=user_ids),
        sessions=sessions_attended(user_ids=user_ids, since=since),
        # Read only when a module asks for them: a track without practice criteria costs no query more.
        drills_correct=correct_drill_cases(user_ids=user_ids, since=since, category_ids=drill_sets)
        if drill_sets
        else {},
        good_endings=good_endings(user_ids=user_ids, since=since, page_ids=scenario_ids) if scenario_ids else {},
        report_exercises=exercise_standings(user_ids=user_ids, since=since, page_ids=exercise_ids)
        if exercise_ids
        else {},
        exercise_pass_marks=exercise_pass_marks(page_ids=exercise_ids) if exercise_ids else {},
        items=items,
    )


def completion_times(*, records: Records, user_ids: Iterable[int]) -> dict[int, dict[str, datetime]]:
    """user id → {"kind:item id": completed at} for the completions that count, for these people only."""
    return courses_api.completion_times(wanted=records.items, user_ids=user_ids)
