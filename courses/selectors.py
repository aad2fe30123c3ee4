"""Reads for lessons and the trainee's home (我的学习)."""

from cases.api import CasePage
from courses.models import CompletionRecord, ItemKind, LessonPage
from guides.api import InterviewGuidePage
from regulations.api import RegulationArticle


def completed_at(*, user, kind: str, item_id: int):
    record = CompletionRecord.objects.filter(user=user, kind=kind, item_id=item_id).only("completed_at").first()
    return record.completed_at if record else None


def lesson_context(*, lesson: LessonPage, user) -> dict:
    """What a lesson page shows besides its body: whether the reader has studied it, and the modules it is in."""
    if not getattr(user, "is_authenticated", False):
        return {"studied_at": None, "modules": []}
    return {
        "studied_at": completed_at(user=user, kind=ItemKind.LESSON, item_id=lesson.pk),
        "modules": [p.module for p in lesson.module_placements.select_related("module__track")],
    }


def studiable_item_exists(*, kind: str, item_id: int) -> bool:
    """Only real items can be recorded as studied: a published lesson, case or guide, or an article."""
    models = {
        ItemKind.LESSON: LessonPage,
        ItemKind.CASE: CasePage,
        ItemKind.GUIDE: InterviewGuidePage,
        ItemKind.ARTICLE: RegulationArticle,
    }
    if kind not in models:
        return False
    queryset = models[kind].objects.filter(pk=item_id)
    if kind != ItemKind.ARTICLE:
        queryset = queryset.live()
    return queryset.exists()
