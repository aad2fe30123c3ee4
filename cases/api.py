"""What other apps may use of the case library (courses, study packs, search). Keep it small and stable."""

from cases.citations import citations_of, repoint  # the revision impact list (core.citing)
from cases.models import CasePage
from cases.selectors import ARTICLE_CITATION_RELATED, related_articles
from cases.models import ProblemCategory  # supervision points belong to one

__all__ = ["CasePage"]
__all__ += ["citations_of", "repoint"]
__all__ += ["ProblemCategory"]
__all__ += ["ARTICLE_CITATION_RELATED", "related_articles"]  # the 定性 drills
