"""This office's own review of what came in: pages and quizzes go through their usual drafts and workflow; imported
questions wait outside quiz draws until a reviewer lets them in here (their edit form has no draft state)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from audit.api import record_security_event
from packages.models import APPROVE_PERMISSION, ImportedItem
from quizzes.api import withheld_question_ids, withhold_questions

__all__ = ["ReviewError", "release_questions", "waiting_question_ids"]

QUESTION_MODEL = "quizzes.question"


class ReviewError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def waiting_question_ids(*, question_ids: list[int]) -> set[int]:
    return withheld_question_ids(question_ids=question_ids)


def release_questions(*, question_ids: list[int], reviewer, request=None) -> int:
    """Let imported questions into quiz draws once a reviewer has read them; how many were let in."""
    if not reviewer.has_perm(APPROVE_PERMISSION):
        raise ReviewError(_("Only a reviewer may let imported questions into quiz draws."))
    rows = ImportedItem.objects.filter(model=QUESTION_MODEL, object_id__in=question_ids)
    imported = set(rows.values_list("object_id", flat=True))
    if not imported:
        raise ReviewError(_("Choose imported questions to let into quiz draws."))
    with transaction.atomic():
        released = withhold_questions(question_ids=sorted(imported), withheld=False)
        record_security_event(
            action="packages.questions_released",
            request=request,
            actor=reviewer,
            detail={"question_ids": sorted(imported), "released": released},
        )
    return released
