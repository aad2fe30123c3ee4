"""What other apps may use of the case library (courses, study packs, search, 监督要点, 定性 drills). Keep it small
and stable."""

from cases.citations import citations_of, repoint  # the revision impact list (core.citing)
from cases.models import CasePage, ProblemCategory
from cases.selectors import ARTICLE_CITATION_RELATED, CategoryBranch, category_tree, related_articles

__all__ = [
    "ARTICLE_CITATION_RELATED",
    "CasePage",
    "CategoryBranch",
    "ProblemCategory",  # a 监督要点 belongs to one; a drill answers one
    "category_tree",  # the taxonomy as the drill, problem entry and 夜学 forms offer it
    "citations_of",
    "related_articles",  # the 定性 drills compare their answers with a case's articles
    "repoint",
]
