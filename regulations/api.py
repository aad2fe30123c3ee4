"""What other apps may use of the regulations app (quizzes, courses, study sessions, review queue, search,
readiness). Keep it small and stable: plain values, and this app's own page and article models for
querying and choosers."""

from datetime import timedelta

from regulations import events, import_jobs
from regulations.choosing import ArticleChoice, chosen_articles, search_articles
from regulations.citations import CITATION_RELATED, Citation, article_fingerprint, citation_of, edition_date
from regulations.comparison import ArticleText, ChangeKind, compare_editions
from regulations.comparison import inline_diff_html as inline_diff_html  # the revision impact list
from regulations.models import RegulationArticle, RegulationPage, RegulationStatus
from regulations.numerals import article_label, from_chinese
from regulations.selectors import article_choice_label as article_choice_label  # the question form's list
from regulations.selectors import articles_current_first as articles_current_first  # the question form's list
from regulations.selectors import chooser_articles as chooser_articles  # the 定性 drill's article search
from regulations.selectors import comparison_context, current_edition


def existing_article_ids(*, article_ids: list[int]) -> list[int]:
    """Those of these ids that are articles (deleted ones are dropped)."""
    return list(RegulationArticle.objects.filter(pk__in=article_ids).values_list("pk", flat=True))


def article_labels(*, article_ids: list[int]) -> dict[int, str]:
    """Article id → its label (第十条)."""
    return dict(RegulationArticle.objects.filter(pk__in=article_ids).values_list("pk", "label"))


def articles_in_force(*, article_ids: list[int]) -> dict[int, int]:
    """Article id → the id of the article of the edition in force it became (regulations.succession); itself
    when it is current, removed, or nothing is known. Compare two articles across editions by these ids."""
    rows = RegulationArticle.objects.filter(pk__in=article_ids).values_list("pk", "current_id")
    return {pk: current_id or pk for pk, current_id in rows}


def recover_interrupted_imports(*, stale_after: timedelta | None = None) -> list[int]:
    """Take back regulation imports a gone worker left 导入中 (see regulations.import_jobs); their ids."""
    if stale_after is None:
        stale_after = import_jobs.STALE_AFTER
    return import_jobs.recover_interrupted_imports(stale_after=stale_after)


__all__ = [
    "CITATION_RELATED",
    "ChangeKind",
    "Citation",
    "RegulationArticle",
    "RegulationPage",
    "RegulationStatus",
    "article_label",
    "article_labels",
    "citation_of",
    "comparison_context",
    "current_edition",
    "events",
    "existing_article_ids",
    "from_chinese",
    "recover_interrupted_imports",
]
__all__ += ["inline_diff_html"]
__all__ += ["article_choice_label", "articles_current_first"]
__all__ += ["articles_in_force", "chooser_articles"]
__all__ += ["ArticleChoice", "chosen_articles", "search_articles"]  # the drill and the problem entry forms
__all__ += ["ArticleText", "article_fingerprint", "compare_editions", "edition_date"]  # content packages
