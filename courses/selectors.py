"""Reads for lessons and the trainee's home (我的学习)."""

from courses.models import CompletionRecord, ItemKind, LessonPage


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


def next_step(readiness) -> dict | None:
    """The first thing to do: the first unfinished criterion of the first unlocked, incomplete module, then the pack."""
    for status in readiness.modules:
        if status.complete or status.locked:
            continue
        for criterion in status.criteria:
            if not criterion.done:
                return {"module": status.module, "criterion": criterion}
    for criterion in readiness.pack:
        if not criterion.done:
            return {"module": None, "criterion": criterion}
    return None


def studiable_item_exists(*, kind: str, item_id: int) -> bool:
    """Only real items can be recorded as studied: a published lesson, case or guide, or an article."""
    from cases.models import CasePage
    from guides.models import InterviewGuidePage
    from regulations.models import RegulationArticle

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
