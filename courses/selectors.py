"""Reads for lessons and the trainee's home (我的学习)."""

from django.utils.translation import gettext as _
from wagtail.models import Page

from cases.api import CasePage
from core.labels import field_label
from courses import path
from courses.models import CompletionRecord, ItemKind, LessonPage
from guides.api import InterviewGuidePage
from regulations.api import RegulationArticle


def completed_at(*, user, kind: str, item_id: int):
    """When the person last studied the item (None: never)."""
    record = CompletionRecord.objects.filter(user=user, kind=kind, item_id=item_id).only("last_completed_at").first()
    return record.last_completed_at if record else None


def lesson_context(*, lesson: LessonPage, user) -> dict:
    """What a lesson page shows besides its body: whether the reader has studied it, the modules it is in,
    whether it is locked for them, and once studied their next step."""
    if not getattr(user, "is_authenticated", False):
        return {"studied_at": None, "modules": [], "lock": None, "next_item": None}
    lock = path.lesson_lock(user=user, lesson_id=lesson.pk)
    studied_at = None if lock else completed_at(user=user, kind=ItemKind.LESSON, item_id=lesson.pk)
    return {
        "studied_at": studied_at,
        "modules": [p.module for p in lesson.module_placements.select_related("module__track")],
        #: Locked: the page shows why and where to go, not the lesson.
        "lock": lock,
        #: Studied: one button to the next step of the track (or back to 我的学习 when there is none).
        "next_item": path.next_item(user=user) if studied_at else None,
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


def personal_records(*, user) -> dict[str, list[dict]]:
    """What the person has studied (one row per completion record, with the item's title), for their data export."""
    records = list(CompletionRecord.objects.filter(user=user).order_by("completed_at", "pk"))
    page_ids = [r.item_id for r in records if r.kind != ItemKind.ARTICLE]
    article_ids = [r.item_id for r in records if r.kind == ItemKind.ARTICLE]
    titles = {("page", pk): title for pk, title in Page.objects.filter(pk__in=page_ids).values_list("pk", "title")}
    articles = RegulationArticle.objects.filter(pk__in=article_ids).select_related("regulation")
    titles |= {("article", a.pk): f"{a.regulation.title} {a.label}" for a in articles}

    def label(field: str) -> str:
        return field_label(CompletionRecord, field)

    rows = [
        {
            label("kind"): record.get_kind_display(),
            _("Title"): titles.get(("article" if record.kind == ItemKind.ARTICLE else "page", record.item_id), ""),
            label("completed_at"): record.completed_at,
            label("last_completed_at"): record.last_completed_at,
        }
        for record in records
    ]
    return {_("Study history"): rows}
