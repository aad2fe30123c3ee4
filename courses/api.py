"""What other apps may ask the courses app (study sessions, readiness, the review queue). Keep it small and stable.

- study sessions: ``record_completion`` for the articles gone through on an evening;
- readiness: a track's modules ready to evaluate, and completions per person;
- review queue: the ``articles_studied`` event;
- readiness: ``set_learning_path``, its answers on locked lessons and the next step (``Lock``, ``NextItem``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models import BooleanField, Case, Exists, OuterRef, Prefetch, Q, Value, When, prefetch_related_objects

from courses.citations import citations_of, quoted_articles, repoint  # the revision impact list (core.citing)
from courses.events import articles_studied
from courses.models import CompletionRecord, ItemKind, LessonPage, Module, ModuleLesson
from courses.path import Lock, NextItem, set_learning_path
from courses.selectors import personal_records as personal_records
from courses.services import record_completion
from courses.validity import Validity, strictest


def track_modules(*, track_id: int | None) -> list[Module]:
    """The track's modules in order, with their quiz, lessons (id, title and URL only), prerequisites, drill set,
    scenario pages and report writing exercises."""
    if track_id is None:
        return []
    # A criterion needs a lesson's id, title and URL: not the rest of the page (its body is parsed on load).
    placements = ModuleLesson.objects.select_related("lesson").only(
        "module", "sort_order", "lesson", "lesson__title", "lesson__url_path"
    )
    # Practice pages (scenarios, report writing exercises) are read only for the modules that have some (``has_…``,
    # in the same query): a track without practice criteria, the common case, costs no query more.
    modules = list(
        Module.objects.filter(track_id=track_id)
        .select_related("quiz", "drill_category")
        .annotate(
            **{
                f"has_{field}": Exists(getattr(Module, field).through.objects.filter(module_id=OuterRef("pk")))
                for field in _PRACTICE_PAGES
            }
        )
        .prefetch_related(Prefetch("lessons", queryset=placements), "prerequisites")
        .order_by("sort_order", "pk")
    )
    for field in _PRACTICE_PAGES:
        prefetch_related_objects([m for m in modules if getattr(m, f"has_{field}")], field)
    return modules


#: The modules' many-to-many fields to practice pages, read by ``track_modules`` only where a module has some.
_PRACTICE_PAGES = ("scenarios", "report_exercises")


def _practice_pages(module: Module, field: str) -> list:
    if not getattr(module, f"has_{field}", True):
        return []
    return list(getattr(module, field).all())


def scenarios_of(module: Module) -> list:
    """The module's scenario pages; none read for a module of ``track_modules`` without any."""
    return _practice_pages(module, "scenarios")


def report_exercises_of(module: Module) -> list:
    """The module's report writing exercise pages; none read for a module of ``track_modules`` without any."""
    return _practice_pages(module, "report_exercises")


def module_headings(*, track_id: int | None) -> list[Module]:
    """The track's modules in order, bare: for headings."""
    if track_id is None:
        return []
    return list(Module.objects.filter(track_id=track_id).order_by("sort_order", "pk"))


def items_filter(*, items: dict[str, Iterable[int]]) -> Q:
    """A filter on completions of these items (kind → ids), to pass back to the functions below."""
    wanted = Q()
    for kind, ids in items.items():
        wanted |= Q(kind=kind, item_id__in=set(ids))
    return wanted


def valid_filter(*, items: dict[str, Iterable[int]], since: datetime | None) -> Q:
    """A filter on completions of these items (kind → ids) studied at or after ``since`` (any time: None)."""
    wanted = items_filter(items=items)
    return wanted if since is None or not wanted else wanted & Q(last_completed_at__gte=since)


def completed_keys(*, wanted: Q, user_ids: list[int], valid: Q | None = None) -> tuple[dict, dict]:
    """(valid, expired): user id → "kind:item id" of each wanted item they completed, split by whether the
    ``valid`` filter (``valid_filter``; None: every completion is valid) holds. String keys, no tuple per row."""
    completed: dict[int, set[str]] = {}
    expired: dict[int, set[str]] = {}
    # Unordered: one row per (user, item), and the model's ordering would sort thousands of rows for nothing.
    rows = CompletionRecord.objects.filter(wanted, user_id__in=user_ids).order_by()
    if valid is None or not valid:
        for u, k, i in rows.values_list("user_id", "kind", "item_id"):
            completed.setdefault(u, set()).add(f"{k}:{i}")
        return completed, expired
    rows = rows.annotate(ok=Case(When(valid, then=Value(True)), default=Value(False), output_field=BooleanField()))
    for u, k, i, ok in rows.values_list("user_id", "kind", "item_id", "ok"):
        (completed if ok else expired).setdefault(u, set()).add(f"{k}:{i}")
    return completed, expired


def completion_times(*, wanted: Q, user_ids: Iterable[int]) -> dict[int, dict[str, datetime]]:
    """User id → {"kind:item id": last studied at} of the wanted items, for these people only."""
    times: dict[int, dict[str, datetime]] = {u: {} for u in user_ids}
    rows = CompletionRecord.objects.filter(wanted, user_id__in=list(times)).order_by()
    for u, k, i, t in rows.values_list("user_id", "kind", "item_id", "last_completed_at"):
        times[u][f"{k}:{i}"] = t
    return times


def lesson_article_ids(*, lesson_ids: Iterable[int]) -> dict[int, list[int]]:
    """Lesson id → the ids of the articles its article blocks quote (bodies read raw, one query)."""
    rows = LessonPage.objects.filter(pk__in=set(lesson_ids)).only("body").order_by()
    return {lesson.pk: quoted_articles(lesson.body.raw_data) for lesson in rows}


__all__ = [
    "ItemKind",
    "Module",
    "articles_studied",
    "completed_keys",
    "completion_times",
    "items_filter",
    "lesson_article_ids",
    "module_headings",
    "personal_records",
    "record_completion",
    "report_exercises_of",
    "scenarios_of",
    "track_modules",
    "valid_filter",
]
# readiness: how long a module's completions count (courses.validity).
__all__ += ["Validity", "strictest"]
# readiness: the refresher page names the lesson.
__all__ += ["LessonPage"]
__all__ += ["citations_of", "repoint"]
# readiness: the learning path's rule (locks, next step), registered when it starts.
__all__ += ["Lock", "NextItem", "set_learning_path"]
__all__ += ["CompletionRecord"]  # hours: 学时 per lesson studied (the first completion)
