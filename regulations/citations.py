"""How a citation of an article reads now: the article itself, or the one of the edition in force it became.

Pure reads of the succession recorded on the article (regulations.succession); nothing here queries when the
article was loaded with ``CITATION_RELATED``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from regulations.comparison import ChangeKind
from regulations.models import RegulationArticle, RegulationStatus

__all__ = ["CITATION_RELATED", "Citation", "article_fingerprint", "citation_of", "edition_date"]

#: For select_related on a query of articles (or ``"<field>__" + each`` on a query of what cites them).
CITATION_RELATED = ("regulation", "current", "current__regulation")

_CHANGED = {ChangeKind.CHANGED, ChangeKind.RENUMBERED_CHANGED}
_SUPERSEDED = (RegulationStatus.REVISED, RegulationStatus.REPEALED)
_RENUMBERED = {ChangeKind.RENUMBERED, ChangeKind.RENUMBERED_CHANGED}


@dataclass(frozen=True)
class Citation:
    """One cited article as a reader should meet it."""

    cited: RegulationArticle
    #: The article of the edition in force it became (None when it is current itself, or was removed).
    current: RegulationArticle | None
    #: How it changed up to the edition in force; None when its edition is the one in force.
    change: ChangeKind | None
    #: The cited article's edition is revised or repealed, whatever is known of its successor.
    superseded: bool

    @property
    def followed(self) -> bool:
        """The reader is sent to the edition in force's article."""
        return self.current is not None

    @property
    def removed(self) -> bool:
        return self.change == ChangeKind.REMOVED

    @property
    def changed(self) -> bool:
        return self.change in _CHANGED

    @property
    def renumbered(self) -> bool:
        return self.change in _RENUMBERED

    @property
    def repealed(self) -> bool:
        return self.cited.regulation.status == RegulationStatus.REPEALED and self.current is None

    @property
    def compare_url(self) -> str:
        """The edition in force's comparison page, at the change of the article it became."""
        edition = self.current.regulation
        return f"{edition.url}{edition.reverse_subpage('changes')}#change-{self.current.number}"

    @property
    def target(self) -> RegulationArticle:
        """Where a tap on the citation goes: the rule as it stands, or the cited text when nothing replaced it."""
        return self.current or self.cited


def citation_of(article: RegulationArticle) -> Citation:
    change = ChangeKind(article.change_to_current) if article.change_to_current else None
    superseded = change is not None or article.regulation.status in _SUPERSEDED
    current = article.current if change is not None and change != ChangeKind.REMOVED else None
    return Citation(cited=article, current=current, change=change, superseded=superseded)


def article_fingerprint(text: str) -> str:
    """A short checksum of an article's words, blind to spacing and line breaks: the same text in another office's
    copy of the edition has the same fingerprint, whatever its database ids (content packages cite by it)."""
    return hashlib.sha256("".join(text.split()).encode()).hexdigest()[:16]


def edition_date(edition) -> date | None:
    """The date that names an edition among others of the same title: in force from, else issued, else adopted."""
    return edition.effective_date or edition.issued_date or edition.adopted_date
