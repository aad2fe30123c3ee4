"""A regulation revised once (2023 → 2025), for the pages that cite its articles (issue 14, links that follow),
and the one source of its texts for every test of editions and succession (``revise_again`` adds a 2026 edition
for the tests of a chain of three).

Of the 2023 edition: 第一条 and 第五条 stay as they are, 第二条 became 第三条 with a new time limit, 第三条
became 第四条 word for word (pushed down by a new 第二条), 第四条 was removed.
"""

from dataclasses import dataclass

from regulations.api import CITATION_RELATED, RegulationArticle, RegulationPage
from regulations.services import import_regulation

OLD_TEXT = """第一条　为了规范巡察工作，制定本办法。
第二条　巡察组应当在十个工作日内报告。
第三条　巡察组不得干预被巡察单位的正常工作。
第四条　本办法由县委巡察办负责解释。
第五条　本办法自印发之日起施行。
"""
NEW_TEXT = """第一条　为了规范巡察工作，制定本办法。
第二条　巡察工作应当与其他监督贯通协调。
第三条　巡察组应当在十五个工作日内报告。
第四条　巡察组不得干预被巡察单位的正常工作。
第五条　本办法自印发之日起施行。
"""
OLD_TITLE = "巡察办法（2023）"
NEW_TITLE = "巡察办法（2025）"
# A second revision, for the tests of a chain of three: 2025 第三条's time limit changes again (2026 第二条) and
# 2025 第二条 goes; the rest moves up.
THIRD_TEXT = """第一条　为了规范巡察工作，制定本办法。
第二条　巡察组应当在二十个工作日内报告。
第三条　巡察组不得干预被巡察单位的正常工作。
第四条　本办法自印发之日起施行。
"""
THIRD_TITLE = "巡察办法（2026）"


@dataclass(frozen=True)
class RevisedRegulation:
    old: RegulationPage
    new: RegulationPage

    def old_article(self, number: int) -> RegulationArticle:
        return article(self.old, number)

    def new_article(self, number: int) -> RegulationArticle:
        return article(self.new, number)

    def old_articles(self, count: int) -> list[RegulationArticle]:
        """The first ``count`` articles of the superseded edition (at most five)."""
        return [self.old_article(n) for n in range(1, count + 1)]


def article(edition: RegulationPage, number: int) -> RegulationArticle:
    """An edition's article, loaded with what its citation reads (CITATION_RELATED)."""
    return RegulationArticle.objects.select_related(*CITATION_RELATED).get(regulation=edition, number=number)


def edition(text: str, title: str, revises: RegulationPage | None = None) -> RegulationPage:
    """An edition imported and published through the importer, as an editor would."""
    return import_regulation(source=text.encode(), filename="x.txt", title=title, revises=revises, publish=True)


def old_edition() -> RegulationPage:
    """The 2023 edition alone, in force until ``revise`` publishes 2025 over it."""
    return edition(OLD_TEXT, OLD_TITLE)


def revise(old: RegulationPage) -> RegulationPage:
    """Publishes the 2025 edition revising ``old``: the revision goes in force."""
    return edition(NEW_TEXT, NEW_TITLE, revises=old)


def revise_again(new: RegulationPage) -> RegulationPage:
    """Publishes the 2026 edition revising the 2025 one (``new``)."""
    return edition(THIRD_TEXT, THIRD_TITLE, revises=new)


def revised_regulation() -> RevisedRegulation:
    old = old_edition()
    new = revise(old)
    old.refresh_from_db()
    return RevisedRegulation(old=old, new=new)
