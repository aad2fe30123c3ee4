"""Marking a handed-in draft: the rubric (each criterion 0–2), an overall comment and a comment beside any section,
problem or recommendation. Holders of report_writing.mark_report_draft (审核, 管理员) mark; never their own draft."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.api import record_view
from report_writing.models import (
    DraftComment,
    DraftSection,
    DraftStatus,
    ProblemEntry,
    Recommendation,
    ReportDraft,
)
from report_writing.models.drafts import MARK_PERMISSION, RUBRIC, RUBRIC_MAX

COMMENT_MAX_LENGTH = 500
OVERALL_COMMENT_MAX_LENGTH = 2000


class MarkingError(Exception):
    """Marks refused, with the reason to show the marker."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _clean_scores(scores: Mapping[str, int]) -> dict[str, int]:
    missing = []
    cleaned: dict[str, int] = {}
    for name, label in RUBRIC:
        try:
            value = int(scores.get(name))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            value = None
        if value is None or not 0 <= value <= RUBRIC_MAX:
            missing.append(str(label))
        else:
            cleaned[name] = value
    if missing:
        raise MarkingError(
            _("Give each criterion a score from 0 to %(max)d: %(missing)s.")
            % {"max": RUBRIC_MAX, "missing": "、".join(missing)}
        )
    return cleaned


def _comment_targets(draft: ReportDraft, inline_comments: Mapping[str, str]) -> list[dict]:
    """Each non-empty comment with the part of this draft it belongs to; a key of another draft is refused."""
    texts = {key: (text or "").strip() for key, text in inline_comments.items() if (text or "").strip()}
    too_long = [key for key, text in texts.items() if len(text) > COMMENT_MAX_LENGTH]
    if too_long:
        raise MarkingError(_("Keep each comment within %(n)d characters.") % {"n": COMMENT_MAX_LENGTH})
    sections = {f"section-{s.position}": s for s in DraftSection.objects.filter(draft=draft)}
    problems = {f"problem-{p.pk}": p for p in ProblemEntry.objects.filter(draft=draft)}
    recommendations = {f"recommendation-{r.pk}": r for r in Recommendation.objects.filter(draft=draft)}
    targets = []
    for key, text in texts.items():
        if key in sections:
            targets.append({"section": sections[key], "text": text})
        elif key in problems:
            targets.append({"problem": problems[key], "text": text})
        elif key in recommendations:
            targets.append({"recommendation": recommendations[key], "text": text})
        else:
            raise MarkingError(_("A comment was written beside a part that is not in this draft."))
    return targets


def mark_draft(
    *,
    draft: ReportDraft,
    marker,
    scores: Mapping[str, int],
    comment: str,
    inline_comments: Mapping[str, str],
    request=None,
    now: datetime | None = None,
) -> ReportDraft:
    """The marker's rubric, overall comment and inline comments (keys: section-<position>, problem-<pk>,
    recommendation-<pk>) on a handed-in draft, all or nothing; the draft becomes marked and the marking is
    recorded in the audit log (``request`` gives the marker's address)."""
    if not marker.has_perm(MARK_PERMISSION):
        raise MarkingError(_("You may not mark report drafts."))
    cleaned = _clean_scores(scores)
    comment = (comment or "").strip()
    if len(comment) > OVERALL_COMMENT_MAX_LENGTH:
        raise MarkingError(_("Keep the overall comment within %(n)d characters.") % {"n": OVERALL_COMMENT_MAX_LENGTH})
    now = now or timezone.now()
    with transaction.atomic():
        try:
            locked = ReportDraft.objects.select_for_update().get(pk=draft.pk)
        except ReportDraft.DoesNotExist:
            raise MarkingError(_("This draft no longer exists.")) from None
        if locked.writer_id == marker.pk:
            raise MarkingError(_("You cannot mark your own draft: another marker marks it."))
        if locked.status != DraftStatus.SUBMITTED:
            if locked.status == DraftStatus.MARKED:
                raise MarkingError(_("This draft has already been marked."))
            raise MarkingError(_("This draft has not been handed in yet."))
        targets = _comment_targets(locked, inline_comments)
        for name, value in cleaned.items():
            setattr(locked, name, value)
        locked.marker_comment = comment
        locked.marked_by = marker
        locked.marked_at = now
        locked.status = DraftStatus.MARKED
        locked.save(
            update_fields=[*cleaned, "marker_comment", "marked_by", "marked_at", "status"],
        )
        DraftComment.objects.bulk_create(
            DraftComment(draft=locked, author=marker, created_at=now, **target) for target in targets
        )
        record_view(
            action="report_writing.draft_marked",
            request=request,
            target=locked,
            subject=locked.writer,
            detail={"marker": marker.get_username(), "total": locked.rubric_total},
        )
    return locked


__all__ = ["COMMENT_MAX_LENGTH", "MarkingError", "mark_draft"]
