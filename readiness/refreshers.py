"""Refreshers: a lesson studied before a revision of an article it quotes asks for just that article again.

An article's identity across editions comes from regulations (``current``, ``successor`` and how each step
changed it, regulations.succession). A quoted article was revised for a reader when, walking back from the
article in force through its predecessors, a step changed its text or its number: the revision dates from
when the edition of that step went in force (its 施行日期, else when it was first published). Removed
articles just drop.

A member needs a refresher of a lesson's revised article when they studied the lesson (inside its window)
before the revision and have not studied the article in force since. Studying it (the refresher page's
button) records an ARTICLE completion on it (courses.api.record_completion).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time

from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from courses import api as courses_api
from courses.api import ItemKind
from regulations.api import CITATION_RELATED, ChangeKind, RegulationArticle, citation_of, inline_diff_html

#: The steps that make a reader study the article again.
REVISED = {ChangeKind.CHANGED, ChangeKind.RENUMBERED, ChangeKind.RENUMBERED_CHANGED}


@dataclass(frozen=True)
class ArticleRevision:
    """A quoted article as it is now, and as it read before its last revision."""

    #: The article of the edition in force (what to study now).
    article: RegulationArticle
    previous_label: str
    previous_text: str
    #: When the revising edition went in force (first published).
    changed_at: datetime

    @property
    def key(self) -> str:
        return f"{ItemKind.ARTICLE}:{self.article.pk}"

    @property
    def title(self) -> str:
        return f"《{self.article.regulation.title}》{self.article.label}"

    @property
    def reason(self) -> str:
        return _("%(article)s was revised") % {"article": self.title}

    @property
    def diff_html(self) -> str:
        return mark_safe(inline_diff_html(self.previous_text, self.article.text))  # escaped by inline_diff_html


def _edition_time(article: RegulationArticle) -> datetime | None:
    """When the article's edition went in force: its 施行日期 (the start of that day) when given, else when it
    was first published."""
    edition = article.regulation
    if edition.effective_date is not None:
        return timezone.make_aware(datetime.combine(edition.effective_date, time.min))
    return edition.first_published_at or edition.last_published_at


def article_revisions(*, article_ids: Iterable[int]) -> dict[int, ArticleRevision]:
    """Quoted article id → its last revision, for those revised since an earlier edition. Two queries."""
    cited = RegulationArticle.objects.filter(pk__in=set(article_ids)).select_related(*CITATION_RELATED)
    targets: dict[int, RegulationArticle] = {}
    for article in cited:
        citation = citation_of(article)
        if citation.removed:
            continue
        targets[article.pk] = citation.target
    if not targets:
        return {}
    target_ids = {t.pk for t in targets.values()}
    predecessors = (
        RegulationArticle.objects.filter(current_id__in=target_ids)
        .select_related("regulation")
        .only(
            "pk",
            "label",
            "text",
            "successor",
            "successor_change",
            "regulation__first_published_at",
            "regulation__last_published_at",
            "regulation__effective_date",
        )
        .order_by()
    )
    by_successor = {p.successor_id: p for p in predecessors if p.successor_id}
    found: dict[int, ArticleRevision | None] = {}
    for target_id, target in {t.pk: t for t in targets.values()}.items():
        node, revision = target, None
        for _step in range(50):  # a chain of editions; bounded in case of a cycle
            previous = by_successor.get(node.pk)
            if previous is None:
                break
            if previous.successor_change in REVISED:
                when = _edition_time(node)
                if when is not None:
                    revision = ArticleRevision(target, previous.label, previous.text, when)
                break
            node = previous
        found[target_id] = revision
    return {cited_id: found[t.pk] for cited_id, t in targets.items() if found.get(t.pk) is not None}


def lesson_revisions(*, lesson_ids: Iterable[int]) -> dict[int, list[ArticleRevision]]:
    """Lesson id → the revisions of the articles it quotes (lessons without any left out). At most three queries."""
    lesson_ids = set(lesson_ids)
    if not lesson_ids:
        return {}
    quoted = courses_api.lesson_article_ids(lesson_ids=lesson_ids)
    revisions = article_revisions(article_ids={a for ids in quoted.values() for a in ids})
    result = {}
    for lesson_id, ids in quoted.items():
        seen, found = set(), []
        for article_id in ids:
            revision = revisions.get(article_id)
            if revision is not None and revision.article.pk not in seen:
                seen.add(revision.article.pk)
                found.append(revision)
        if found:
            result[lesson_id] = found
    return result


def due_refreshers(
    *, revisions: dict[int, list[ArticleRevision]], completed: dict[int, set[str]], user_ids: list[int]
) -> dict[int, dict[str, list[ArticleRevision]]]:
    """user id → "lesson:id" → the revisions they still have to study (lesson studied before, article not since).
    One query for the revised lessons and articles of every member."""
    article_ids = {r.article.pk for found in revisions.values() for r in found}
    wanted = courses_api.items_filter(items={ItemKind.LESSON: revisions.keys(), ItemKind.ARTICLE: article_ids})
    times = courses_api.completion_times(wanted=wanted, user_ids=user_ids)
    due: dict[int, dict[str, list[ArticleRevision]]] = {}
    for user_id, own in times.items():
        if not own:
            continue
        valid = completed.get(user_id, ())
        for lesson_id, found in revisions.items():
            key = f"{ItemKind.LESSON}:{lesson_id}"
            studied = own.get(key)
            if studied is None or key not in valid:
                continue  # not studied, or to study again anyway: the lesson shows the text in force
            left = [
                r for r in found if studied < r.changed_at and (own.get(r.key) is None or own[r.key] < r.changed_at)
            ]
            if left:
                due.setdefault(user_id, {})[key] = left
    return due


def own_due_revisions(*, user, lesson_id: int) -> list[ArticleRevision]:
    """The revised articles of this lesson the person studied before their revision and not since (three or
    four queries); empty when there are none, or they have not studied the lesson."""
    revisions = lesson_revisions(lesson_ids=[lesson_id])
    if not revisions:
        return []
    key = f"{ItemKind.LESSON}:{lesson_id}"
    due = due_refreshers(revisions=revisions, completed={user.pk: {key}}, user_ids=[user.pk])
    return due.get(user.pk, {}).get(key, [])
