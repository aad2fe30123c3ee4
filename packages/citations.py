"""Citations as they travel between offices, and how they land on the receiver's regulations.

A package never carries a database id for an article: each site numbers its rows differently. It carries the
regulation's title, the edition's date, the article's number and label, a fingerprint of its text (and the text,
for the editor who has to decide). On import the citation is pointed at the article *in force here*:

1. The sender's edition is here too (same title and date, the article found by number and fingerprint): follow
   the succession this site recorded (``current`` / ``change_to_current``) to the edition in force.
2. Otherwise, in the edition in force of that title: the article with the same fingerprint (the same text,
   perhaps renumbered), else the article the comparison matches as changed.
3. Otherwise it is missing: the item still imports, the citation is left for an editor.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext as _

from regulations.api import (
    ArticleText,
    ChangeKind,
    RegulationArticle,
    RegulationPage,
    RegulationStatus,
    article_fingerprint,
    compare_editions,
    edition_date,
)

__all__ = ["CitationOutcome", "Resolution", "citation_label", "encode_article", "resolve_citation"]


def encode_article(article: RegulationArticle) -> dict:
    edition = article.regulation
    return {
        "regulation": edition.title,
        "edition": _date_of(edition),
        # Editions of one regulation may be titled differently (…（2026年修订）): the receiver finds the chain by
        # either title.
        "in_force_title": edition.version_in_force().title,
        "number": article.number,
        "label": article.label,
        "fingerprint": article_fingerprint(article.text),
        "text": article.text,
    }


def _date_of(edition: RegulationPage) -> str:
    day = edition_date(edition)
    return day.isoformat() if day else ""


def citation_label(citation: dict) -> str:
    edition = f"（{citation['edition']}）" if citation.get("edition") else ""
    return f"《{citation['regulation']}》{edition}{citation['label']}"


class CitationOutcome(StrEnum):
    SAME = "same"  # the same text, same number, in the edition in force here
    RENUMBERED = "renumbered"  # the same text under another number
    CHANGED = "changed"  # the article it became here reads differently
    MISSING = "missing"  # removed, or nothing here matches: an editor must choose


@dataclass(frozen=True)
class Resolution:
    outcome: CitationOutcome
    article: RegulationArticle | None
    note: str

    @property
    def needs_editor(self) -> bool:
        return self.outcome in (CitationOutcome.CHANGED, CitationOutcome.MISSING)


class CitationResolver:
    """Resolves a package's citations, each regulation's editions read once."""

    def __init__(self) -> None:
        self._editions: dict[str, list[RegulationPage]] = {}
        self._articles: dict[int, list[RegulationArticle]] = {}
        self._done: dict[tuple, Resolution] = {}

    def resolve(self, citation: dict) -> Resolution:
        key = (citation["regulation"], citation["edition"], citation["number"], citation["fingerprint"])
        if key not in self._done:
            self._done[key] = self._resolve(citation)
        return self._done[key]

    def _editions_titled(self, titles: tuple[str, ...]) -> list[RegulationPage]:
        if titles not in self._editions:
            self._editions[titles] = list(RegulationPage.objects.filter(title__in=titles))
        return self._editions[titles]

    def _articles_of(self, edition: RegulationPage) -> list[RegulationArticle]:
        if edition.pk not in self._articles:
            self._articles[edition.pk] = list(
                RegulationArticle.objects.filter(regulation=edition)
                .select_related("regulation", "current", "current__regulation")
                .order_by("ordinal")
            )
        return self._articles[edition.pk]

    def _resolve(self, citation: dict) -> Resolution:
        label = citation_label(citation)
        titles = tuple(sorted({citation["regulation"], citation.get("in_force_title") or citation["regulation"]}))
        editions = self._editions_titled(titles)
        if not editions:
            return Resolution(
                CitationOutcome.MISSING, None, _("%(c)s: this site has no regulation of that title") % {"c": label}
            )
        same_edition = [e for e in editions if e.title == citation["regulation"] and _date_of(e) == citation["edition"]]
        for edition in same_edition:
            found = self._through_succession(edition, citation, label)
            if found is not None:
                return found
        heads = {e.pk: e for e in (edition.version_in_force() for edition in editions)}
        in_force = [e for e in heads.values() if e.status == RegulationStatus.IN_FORCE]
        if not in_force:
            return Resolution(
                CitationOutcome.MISSING, None, _("%(c)s: no edition of it is in force on this site") % {"c": label}
            )
        edition = max(in_force, key=lambda e: (_date_of(e), e.pk))
        return self._in_edition(edition, citation, label)

    def _through_succession(self, edition: RegulationPage, citation: dict, label: str) -> Resolution | None:
        articles = self._articles_of(edition)
        article = next(
            (
                a
                for a in articles
                if a.number == citation["number"] and article_fingerprint(a.text) == citation["fingerprint"]
            ),
            None,
        )
        if article is None:
            return None  # this site's copy of the edition reads differently: look in the edition in force
        if edition.status in (RegulationStatus.IN_FORCE, RegulationStatus.NOT_YET_IN_FORCE):
            return Resolution(CitationOutcome.SAME, article, "")
        change = article.change_to_current
        if change == ChangeKind.REMOVED:
            return Resolution(
                CitationOutcome.MISSING, None, _("%(c)s: removed by the edition in force here") % {"c": label}
            )
        if not change or article.current is None:
            return None  # nothing recorded here: fall back to the edition in force
        changed = change in (ChangeKind.CHANGED, ChangeKind.RENUMBERED_CHANGED)
        return _outcome_for(article.current, changed=changed, citation=citation, label=label)

    def _in_edition(self, edition: RegulationPage, citation: dict, label: str) -> Resolution:
        articles = self._articles_of(edition)
        for article in articles:
            if article_fingerprint(article.text) == citation["fingerprint"]:
                return _outcome_for(article, changed=False, citation=citation, label=label)
        cited = ArticleText(
            number=citation["number"], label=citation["label"], text=citation.get("text", ""), key="cited"
        )
        here = [ArticleText(number=a.number, label=a.label, text=a.text, key=a.pk) for a in articles]
        for change in compare_editions([cited], here):
            if change.old is not None and change.old.key == "cited" and change.new is not None:
                match = next(a for a in articles if a.pk == change.new.key)
                return _outcome_for(match, changed=True, citation=citation, label=label)
        return Resolution(
            CitationOutcome.MISSING, None, _("%(c)s: no matching article in the edition in force here") % {"c": label}
        )


def _outcome_for(article: RegulationArticle, *, changed: bool, citation: dict, label: str) -> Resolution:
    if changed:
        return Resolution(
            CitationOutcome.CHANGED,
            article,
            _("%(c)s: now %(here)s of the edition in force here, which reads differently")
            % {"c": label, "here": article.label},
        )
    if article.number != citation["number"]:
        return Resolution(
            CitationOutcome.RENUMBERED,
            article,
            _("%(c)s: the same text is %(here)s of the edition in force here") % {"c": label, "here": article.label},
        )
    return Resolution(CitationOutcome.SAME, article, "")


def resolve_citation(citation: dict) -> Resolution:
    return CitationResolver().resolve(citation)
