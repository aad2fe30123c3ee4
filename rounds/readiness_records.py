"""The records readiness is computed from, read for a whole round in a fixed number of queries.

Kept apart from the rules (rounds.readiness): this module only reads. Completions are keyed per user by
the criterion's own "kind:item id" string, so hundreds of members add no tuple per row to collect. When
each item was completed is read separately (`completion_times`), only for the members whose detail is
shown: converting thousands of timestamps cost the dashboard more than the rest of the records together.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q

from courses.models import CompletionRecord, ItemKind, Module
from declarations.models import Acknowledgement, AcknowledgementText
from quizzes.api import pick_graded
from quizzes.models import Attempt, AttemptStatus, Quiz
from rounds import attendance
from rounds.models import InspectionRound, StudyPack


@dataclass
class Records:
    #: user id → the "kind:item id" of each item they completed; string keys, so no tuple per row to collect.
    completed: dict[int, set[str]]
    quiz_results: dict[tuple[int, int], tuple[bool, bool, datetime | None, bool]]
    acknowledged: dict[tuple[int, str], datetime]
    sessions: dict[int, int]
    #: The completions that count (the track's lessons, the packs' items), for `completion_times`.
    items: Q


def quiz_results(quizzes: list[Quiz], user_ids: list[int]) -> dict:
    """(user, quiz) → (passed, failed, passed_at, awaiting marking), by each quiz's grading rule, in one query."""
    by_quiz = {q.pk: q for q in quizzes}
    # Named rows, not Attempt instances: pick_graded reads only status, number and percent, and a round of
    # hundreds has thousands of attempts, whose model instances cost twice as much to build.
    attempts = (
        Attempt.objects.filter(quiz_id__in=by_quiz, user_id__in=user_ids)
        .exclude(status=AttemptStatus.IN_PROGRESS)
        .order_by()  # one attempt per number: grading does not depend on the order, and sorting costs
        .values_list("user_id", "quiz_id", "status", "number", "percent", "passed", "finished_at", named=True)
    )
    grouped: dict[tuple[int, int], list] = defaultdict(list)
    for attempt in attempts:
        grouped[(attempt.user_id, attempt.quiz_id)].append(attempt)
    results = {}
    for key, own in grouped.items():
        graded = pick_graded(own, by_quiz[key[1]].grading)
        awaiting = any(a.status == AttemptStatus.AWAITING_MARKING for a in own)
        ok = graded is not None and graded.passed is not False
        failed = graded is not None and graded.passed is False
        results[key] = (ok, failed, graded.finished_at if ok else None, awaiting)
    return results


def read_records(
    *, round: InspectionRound, user_ids: list[int], modules: list[Module], packs: list[StudyPack]
) -> Records:
    wanted = Q()
    lesson_ids = {ml.lesson_id for m in modules for ml in m.lessons.all()}
    wanted |= Q(kind=ItemKind.LESSON, item_id__in=lesson_ids)
    for kind, ids in (
        (ItemKind.ARTICLE, {a.pk for p in packs for a in p.articles.all()}),
        (ItemKind.CASE, {c.pk for p in packs for c in p.cases.all()}),
        (ItemKind.GUIDE, {g.pk for p in packs for g in p.guides.all()}),
    ):
        wanted |= Q(kind=kind, item_id__in=ids)
    completed: dict[int, set[str]] = defaultdict(set)
    # Unordered: one row per (user, item), and the model's ordering would sort thousands of rows for nothing.
    rows = CompletionRecord.objects.filter(wanted, user_id__in=user_ids).order_by()
    for u, k, i in rows.values_list("user_id", "kind", "item_id"):
        completed[u].add(f"{k}:{i}")
    quizzes = [m.quiz for m in modules if m.quiz] + [p.quiz for p in packs if p.quiz]
    latest: dict[str, int] = {}
    for text_id, kind in AcknowledgementText.objects.order_by("kind", "-version").values_list("pk", "kind"):
        latest.setdefault(kind, text_id)
    acknowledged = {
        (u, k): t
        for u, k, t in Acknowledgement.objects.filter(user_id__in=user_ids, text_id__in=latest.values()).values_list(
            "user_id", "text__kind", "agreed_at"
        )
    }
    since = round.created_at
    return Records(
        completed=completed,
        quiz_results=quiz_results(quizzes, user_ids) if quizzes else {},
        acknowledged=acknowledged,
        sessions=attendance.sessions_attended(user_ids=user_ids, since=since),
        items=wanted,
    )


def completion_times(*, records: Records, user_ids: Iterable[int]) -> dict[int, dict[str, datetime]]:
    """user id → {"kind:item id": completed at} for the completions that count, for these people only."""
    times: dict[int, dict[str, datetime]] = {u: {} for u in user_ids}
    rows = CompletionRecord.objects.filter(records.items, user_id__in=list(times)).order_by()
    for u, k, i, t in rows.values_list("user_id", "kind", "item_id", "completed_at"):
        times[u][f"{k}:{i}"] = t
    return times
