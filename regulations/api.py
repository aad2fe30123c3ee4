"""What other apps may use of the regulations app (quizzes, courses, study sessions, review queue, search,
readiness). Keep it small and stable: plain values, and this app's own page and article models for
querying and choosers."""

from regulations.comparison import ChangeKind
from regulations.models import RegulationArticle, RegulationPage, RegulationStatus
from regulations.numerals import article_label, from_chinese
from regulations.selectors import comparison_context, current_edition


def existing_article_ids(*, article_ids: list[int]) -> list[int]:
    """Those of these ids that are articles (deleted ones are dropped)."""
    return list(RegulationArticle.objects.filter(pk__in=article_ids).values_list("pk", flat=True))


def article_labels(*, article_ids: list[int]) -> dict[int, str]:
    """Article id → its label (第十条)."""
    return dict(RegulationArticle.objects.filter(pk__in=article_ids).values_list("pk", "label"))


__all__ = [
    "ChangeKind",
    "RegulationArticle",
    "RegulationPage",
    "RegulationStatus",
    "article_label",
    "article_labels",
    "comparison_context",
    "current_edition",
    "existing_article_ids",
    "from_chinese",
]
