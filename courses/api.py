"""What other apps may ask the courses app (study sessions, readiness, the review queue). Keep it small and stable.

- study sessions: ``record_completion`` for the articles gone through on an evening;
- readiness: a track's modules ready to evaluate, and completions per person;
- review queue: the ``articles_studied`` event;
- readiness: ``set_learning_path``, its answers on locked lessons and the next step (``Lock``, ``NextItem``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Exists, OuterRef, Prefetch, Q, prefetch_related_objects

from courses.citations import citations_of, repoint  # the revision impact list (core.citing)
from courses.events import articles_studied
from courses.models import CompletionRecord, ItemKind, Module, ModuleLesson
from courses.path import Lock, NextItem, set_learning_path
from courses.selectors import personal_records as personal_records
from courses.services import record_completion


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


def completed_keys(*, wanted: Q, user_ids: list[int]) -> dict[int, set[str]]:
    """User id → "kind:item id" of each wanted item they completed; string keys, no tuple per row."""
    completed: dict[int, set[str]] = {}
    # Unordered: one row per (user, item), and the model's ordering would sort thousands of rows for nothing.
    rows = CompletionRecord.objects.filter(wanted, user_id__in=user_ids).order_by()
    for u, k, i in rows.values_list("user_id", "kind", "item_id"):
        completed.setdefault(u, set()).add(f"{k}:{i}")
    return completed


def completion_times(*, wanted: Q, user_ids: Iterable[int]) -> dict[int, dict[str, datetime]]:
    """User id → {"kind:item id": completed at} of the wanted items, for these people only."""
    times: dict[int, dict[str, datetime]] = {u: {} for u in user_ids}
    rows = CompletionRecord.objects.filter(wanted, user_id__in=list(times)).order_by()
    for u, k, i, t in rows.values_list("user_id", "kind", "item_id", "completed_at"):
        times[u][f"{k}:{i}"] = t
    return times


__all__ = [
    "ItemKind",
    "Module",
    "articles_studied",
    "completed_keys",
    "completion_times",
    "items_filter",
    "module_headings",
    "personal_records",
    "record_completion",
    "report_exercises_of",
    "scenarios_of",
    "track_modules",
]
__all__ += ["citations_of", "repoint"]
# readiness: the learning path's rule (locks, next step), registered when it starts.
__all__ += ["Lock", "NextItem", "set_learning_path"]
from courses.models import LessonPage  # noqa: E402

__all__ += ["CompletionRecord", "LessonPage"]  # hours: 学时 per lesson studied (the first completion)
