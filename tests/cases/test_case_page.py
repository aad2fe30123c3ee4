import pytest
from wagtail.test.utils import WagtailPageTestCase

from cases.models import CaseIndexPage, CasePage
from core.models import HomePage
from tests.factories import (
    CaseArticleLinkFactory,
    CaseIndexPageFactory,
    CasePageFactory,
    ProblemCategoryFactory,
    RegulationArticleFactory,
    RegulationIndexPageFactory,
    RegulationPageFactory,
    UserFactory,
)


@pytest.mark.django_db
class TestCasePage(WagtailPageTestCase):
    def setUp(self):
        self.user = UserFactory()
        self.client.force_login(self.user)
        self.index = CaseIndexPageFactory()

    def test_case_shows_its_structure_and_links_to_the_articles_it_turns_on(self):
        regulation = RegulationPageFactory(parent=RegulationIndexPageFactory(), title="示例办法")
        article = RegulationArticleFactory(regulation=regulation, number=12)
        case = CasePageFactory(
            parent=self.index,
            classification__categories=[ProblemCategoryFactory(name="选人用人问题")],
            characterisation="定性为违反组织纪律。",
        )
        CaseArticleLinkFactory(case=case, article=article)
        case.tags.add("干部任用")
        case.save()

        self.assertPageIsRenderable(case)
        html = self.client.get(case.url).content.decode()
        for text in ["选人用人问题", "定性为违反组织纪律。", "干部任用", "《示例办法》第十二条", case.unit_type.name]:
            assert text in html
        assert f'href="{regulation.url}#article-12"' in html

    def test_cases_live_only_in_the_case_library(self):
        self.assertCanCreateAt(CaseIndexPage, CasePage)
        self.assertCanNotCreateAt(HomePage, CasePage)
        self.assertAllowedParentPageTypes(CasePage, {CaseIndexPage})
