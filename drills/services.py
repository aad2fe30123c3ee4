"""The drills' writes: an attempt at a case (scored at once), and a marker's rubric on its sentence."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.api import CasePage, ProblemCategory
from drills import scoring
from drills.events import articles_missed
from drills.models import MARK_PERMISSION, RUBRIC, RUBRIC_MAX, SENTENCE_MAX_LENGTH, CategoryResult, DrillAttempt
from regulations.api import RegulationArticle, articles_in_force, existing_article_ids

#: At most this many articles may be ticked in one answer (a case rests on a handful).
MAX_ARTICLES = 20


class DrillError(Exception):
    """A refused answer or mark, in words for the person; nothing was written."""


def clean_sentence(text: str) -> str:
    """One line: line breaks and runs of spaces become one space."""
    return re.sub(r"\s+", " ", text or "").strip()


def _check_answer(*, category: ProblemCategory | None, article_ids: list[int], sentence: str) -> None:
    if category is None:
        raise DrillError(_("Choose the problem category."))
    if not sentence:
        raise DrillError(_("Write your characterisation in one sentence."))
    if len(sentence) > SENTENCE_MAX_LENGTH:
        raise DrillError(
            _("Keep the characterisation to %(max)d characters (it has %(n)d).")
            % {"max": SENTENCE_MAX_LENGTH, "n": len(sentence)}
        )
    if len(article_ids) > MAX_ARTICLES:
        raise DrillError(_("Tick at most %(max)d articles.") % {"max": MAX_ARTICLES})


def submit_drill(
    *,
    user,
    case: CasePage,
    category_id: int | None,
    article_ids: Iterable[int],
    sentence: str,
    token: uuid.UUID,
    now: datetime | None = None,
) -> DrillAttempt:
    """Score and store one attempt at a case. The same form posted twice (a double tap) gives the first attempt.

    Missed articles are announced (``drills.events.articles_missed``) inside the transaction, so the review queue's
    cards are written with the attempt or not at all."""
    now = now or timezone.now()
    existing = DrillAttempt.objects.filter(user=user, token=token).first()
    if existing is not None:
        return existing
    sentence = clean_sentence(sentence)
    category = ProblemCategory.objects.filter(pk=category_id).first() if category_id else None
    article_ids = existing_article_ids(article_ids=list(dict.fromkeys(int(a) for a in article_ids)))
    _check_answer(category=category, article_ids=article_ids, sentence=sentence)
    try:
        with transaction.atomic():
            attempt = _score_and_save(
                user=user,
                case=case,
                category=category,
                article_ids=article_ids,
                sentence=sentence,
                token=token,
                now=now,
            )
    except IntegrityError:
        # The other tap of a double tap committed first: its attempt is this one.
        attempt = DrillAttempt.objects.filter(user=user, token=token).first()
        if attempt is None:
            raise
    return attempt


def _score_and_save(
    *, user, case: CasePage, category: ProblemCategory, article_ids: list[int], sentence: str, token, now
) -> DrillAttempt:
    case_categories = list(ProblemCategory.objects.filter(cases=case).values_list("pk", "parent_id"))
    parent_of = {pk: parent for pk, parent in case_categories}
    parent_of[category.pk] = category.parent_id
    category_score = scoring.score_category(
        chosen_id=category.pk, case_category_ids=[pk for pk, _parent in case_categories], parent_of=parent_of
    )
    case_article_ids = list(RegulationArticle.objects.filter(case_links__case=case).values_list("pk", flat=True))
    in_force = articles_in_force(article_ids=[*article_ids, *case_article_ids])
    article_score = scoring.score_articles(chosen_ids=article_ids, case_article_ids=case_article_ids, in_force=in_force)
    attempt = DrillAttempt.objects.create(
        user=user,
        case=case,
        token=token,
        category=category,
        expected_category_id=category_score.expected_id,
        sentence=sentence,
        category_result=CategoryResult(category_score.result.value),
        articles_hit=len(article_score.hits),
        articles_missed=len(article_score.missed),
        articles_extra=len(article_score.extra),
        article_outcome={
            "hits": article_score.hits,
            "missed": article_score.missed,
            "extra": article_score.extra,
            "mapped": article_score.mapped,
            "missed_in_force": article_score.missed_in_force,
        },
        created_at=now,
    )
    attempt.articles.set(article_ids)
    if article_score.missed_in_force:
        articles_missed.send(sender=DrillAttempt, user=user, article_ids=article_score.missed_in_force, now=now)
    return attempt


def mark_sentence(
    *, attempt: DrillAttempt, marker, scores: Mapping[str, int], comment: str = "", now: datetime | None = None
) -> DrillAttempt:
    """A marker's rubric on the attempt's sentence: every criterion 0–2, all or nothing. Marking again corrects it."""
    if not marker.has_perm(MARK_PERMISSION):
        raise DrillError(_("You may not mark characterisation drills."))
    problems = []
    for name, label in RUBRIC:
        value = scores.get(name)
        if value is None or not 0 <= int(value) <= RUBRIC_MAX:
            problems.append(str(label))
    if problems:
        raise DrillError(
            _("Give each criterion a score from 0 to %(max)d: %(missing)s.")
            % {"max": RUBRIC_MAX, "missing": "、".join(problems)}
        )
    with transaction.atomic():
        locked = DrillAttempt.objects.select_for_update().get(pk=attempt.pk)
        for name, _label in RUBRIC:
            setattr(locked, name, int(scores[name]))
        locked.marker_comment = (comment or "").strip()
        locked.marked_by = marker
        locked.marked_at = now or timezone.now()
        locked.save(update_fields=[*(name for name, _label in RUBRIC), "marker_comment", "marked_by", "marked_at"])
    return locked


def anonymise_person_data(*, user, placeholder: str) -> int:
    """Replace the person's 定性 sentences; categories, articles, scores and marks stay for the statistics.
    Returns the number of answers changed. Runs inside the caller's transaction when there is one."""
    with transaction.atomic():
        return DrillAttempt.objects.filter(user=user).exclude(sentence=placeholder).update(sentence=placeholder)


__all__ = ["DrillError", "anonymise_person_data", "clean_sentence", "mark_sentence", "submit_drill"]
