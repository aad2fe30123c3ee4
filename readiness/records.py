"""The records readiness is computed from, read for a whole round in a fixed number of queries.

Kept apart from the rules: this module only reads, and only through the other apps' api. Completions are
keyed per user by the criterion's own "kind:item id" string, so hundreds of members add no tuple per row
to collect. When each item was completed is read separately (`completion_times`), only for the members
whose detail is shown: converting thousands of timestamps cost the dashboard more than the rest together.

Validity windows (courses.validity, set per module) are applied in the queries: a completion counts when it
falls inside its module's window for this round; one outside it is "expired" (需复训). Evenings and practice
are counted per window (one query per distinct window, usually one).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db.models import Q

from courses import api as courses_api
from courses.api import ItemKind, Module, Validity, strictest
from declarations.api import round_acknowledgement_times
from drills.api import correct_drill_cases
from quizzes.api import QuizStanding, quiz_standings
from readiness.refreshers import ArticleRevision, due_refreshers, lesson_revisions
from regulations.api import citation_of
from report_writing.api import exercise_pass_marks, exercise_standings
from rounds.api import InspectionRound, StudyPack
from scenarios.api import good_endings
from studysessions.api import sessions_attended

#: "Forever" for the counts that are read since a time (evenings, practice).
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass
class Records:
    #: user id → the "kind:item id" of each item they completed inside its validity window.
    completed: dict[int, set[str]]
    #: (user id, quiz id) → standing, for those who finished an attempt (inside the quiz's window).
    quiz_results: dict[tuple[int, int], QuizStanding]
    #: (user id, kind) → when they confirmed that commitment for this round (declarations, per round).
    acknowledged: dict[tuple[int, str], datetime]
    #: window start → user id → evenings attended in person since then.
    sessions: dict[datetime, dict[int, int]]
    #: (window start, drill set: a category id, or None for every case) → user id → different cases
    #: characterised exactly right since then.
    drills_correct: dict[tuple[datetime, int | None], dict[int, int]]
    #: window start → user id → the scenario pages they played to a good ending since then.
    good_endings: dict[datetime, dict[int, set[int]]]
    #: window start → user id → report writing exercise id → "passed", "awaiting" or "below", since then.
    report_exercises: dict[datetime, dict[int, dict[int, str]]]
    #: report writing exercise id → its pass mark, for the criteria's labels.
    exercise_pass_marks: dict[int, int]
    #: The completions that count (the track's lessons, the packs' items), for `completion_times`.
    items: Q
    #: user id → "kind:item id" of items completed once but outside their window (to study again).
    expired: dict[int, set[str]] = field(default_factory=dict)
    #: user id → "lesson:id" → the revised articles of that lesson they have not studied since the revision.
    refreshers: dict[int, dict[str, list[ArticleRevision]]] = field(default_factory=dict)


def pack_article(article):
    """The article a study pack asks for: a superseded one counts as the article in force it became."""
    return citation_of(article).target


def window(validity: Validity, inspection_round: InspectionRound) -> datetime | None:
    """The earliest completion time that counts for the round under this validity (None: any)."""
    return validity.valid_from(starts_on=inspection_round.starts_on, round_created_at=inspection_round.created_at)


def count_window(validity: Validity, inspection_round: InspectionRound) -> datetime:
    """The window start for counts read "since" a time (evenings, practice)."""
    return window(validity, inspection_round) or EPOCH


def pack_validity(modules: list[Module]) -> Validity:
    """Study pack items count as long as the strictest lesson window of the track allows."""
    return strictest(m.lessons_validity for m in modules)


def _valid_items(inspection_round, modules, packs) -> tuple[Q, Q]:
    """(wanted, valid): every completion that counts for the round, and those inside their window."""
    cutoffs: dict[tuple[str, int], datetime | None] = {}

    def add(kind: str, item_id: int, since: datetime | None) -> None:
        key = (kind, item_id)
        if key not in cutoffs:
            cutoffs[key] = since
        elif since is not None:  # an item in two modules: the stricter window
            known = cutoffs[key]
            cutoffs[key] = since if known is None else max(known, since)

    for m in modules:
        since = window(m.lessons_validity, inspection_round)
        for ml in m.lessons.all():
            add(ItemKind.LESSON, ml.lesson_id, since)
    since = window(pack_validity(modules), inspection_round)
    for p in packs:
        for a in p.articles.all():
            add(ItemKind.ARTICLE, pack_article(a).pk, since)
        for c in p.cases.all():
            add(ItemKind.CASE, c.pk, since)
        for g in p.guides.all():
            add(ItemKind.GUIDE, g.pk, since)
    groups: dict[datetime | None, dict[str, list[int]]] = {}
    for (kind, item_id), since in cutoffs.items():
        groups.setdefault(since, {}).setdefault(kind, []).append(item_id)
    wanted, valid = Q(), Q()
    for since, items in groups.items():
        wanted |= courses_api.items_filter(items=items)
        valid |= courses_api.valid_filter(items=items, since=since)
    return wanted, valid


def read_records(
    *, inspection_round: InspectionRound, user_ids: list[int], modules: list[Module], packs: list[StudyPack]
) -> Records:
    items, valid = _valid_items(inspection_round, modules, packs)
    quizzes = [m.quiz for m in modules if m.quiz] + [p.quiz for p in packs if p.quiz]
    quiz_since = {}
    for m in modules:
        since = window(m.quiz_validity, inspection_round) if m.quiz else None
        if since is not None:
            quiz_since[m.quiz_id] = max(since, quiz_since.get(m.quiz_id, since))
    session_windows = {count_window(m.sessions_validity, inspection_round) for m in modules if m.min_sessions_attended}
    drill_sets = {
        (count_window(m.practice_validity, inspection_round), m.drill_category_id)
        for m in modules
        if m.min_drills_correct
    }
    scenario_ids: dict[datetime, set[int]] = {}
    exercise_ids: dict[datetime, set[int]] = {}
    for m in modules:
        since = count_window(m.practice_validity, inspection_round)
        for page in courses_api.scenarios_of(m):
            scenario_ids.setdefault(since, set()).add(page.pk)
        for page in courses_api.report_exercises_of(m):
            exercise_ids.setdefault(since, set()).add(page.pk)
    all_exercises = {pk for ids in exercise_ids.values() for pk in ids}
    completed, expired = courses_api.completed_keys(wanted=items, user_ids=user_ids, valid=valid)
    # The track's lessons whose quoted articles were revised since: read only when there are some.
    revisions = lesson_revisions(lesson_ids={ml.lesson_id for m in modules for ml in m.lessons.all()})
    acknowledged = round_acknowledgement_times(inspection_round=inspection_round, user_ids=user_ids)
    drills: dict[tuple[datetime, int | None], dict[int, int]] = {}
    for since in {since for since, _set in drill_sets}:
        found = correct_drill_cases(
            user_ids=user_ids, since=since, category_ids={s for w, s in drill_sets if w == since}
        )
        drills.update({(since, s): counts for s, counts in found.items()})
    return Records(
        completed=completed,
        expired=expired,
        refreshers=due_refreshers(revisions=revisions, completed=completed, user_ids=user_ids) if revisions else {},
        quiz_results=quiz_standings(quizzes=quizzes, user_ids=user_ids, since=quiz_since),
        acknowledged={(u, kind): at for u, kinds in acknowledged.items() for kind, at in kinds.items()},
        # Read only when a module asks for them: a track without these criteria costs no query more.
        sessions={since: sessions_attended(user_ids=user_ids, since=since) for since in session_windows},
        drills_correct=drills,
        good_endings={
            since: good_endings(user_ids=user_ids, since=since, page_ids=ids) for since, ids in scenario_ids.items()
        },
        report_exercises={
            since: exercise_standings(user_ids=user_ids, since=since, page_ids=ids)
            for since, ids in exercise_ids.items()
        },
        exercise_pass_marks=exercise_pass_marks(page_ids=all_exercises) if all_exercises else {},
        items=items,
    )


def completion_times(*, records: Records, user_ids: Iterable[int]) -> dict[int, dict[str, datetime]]:
    """user id → {"kind:item id": last studied at} for the completions that count, for these people only."""
    return courses_api.completion_times(wanted=records.items, user_ids=user_ids)
