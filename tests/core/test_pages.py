import pytest
from wagtail.test.utils import WagtailPageTestCase

from cases.models import CaseIndexPage
from core.models import HomePage
from courses.models import CourseIndexPage
from guides.models import GuideIndexPage
from regulations.models import RegulationIndexPage
from tests.factories import UserFactory, home_page


@pytest.mark.django_db
class TestHomePage(WagtailPageTestCase):
    def setUp(self):
        self.user = UserFactory()
        self.client.force_login(self.user)

    def test_migration_made_the_home_page_the_site_root(self):
        home = home_page()
        assert home.get_site().root_page.specific == home
        assert home.live
        self.assertPageIsRenderable(home, user=self.user)

    def test_home_page_holds_the_section_indexes_only(self):
        from drills.models import DrillIndexPage
        from report_writing.models import ReportWritingIndexPage
        from scenarios.models import ScenarioIndexPage
        from supervision.models import SupervisionIndexPage

        practice = {DrillIndexPage, ScenarioIndexPage, SupervisionIndexPage, ReportWritingIndexPage}
        self.assertAllowedSubpageTypes(
            HomePage, {CaseIndexPage, GuideIndexPage, RegulationIndexPage, CourseIndexPage, *practice}
        )


@pytest.mark.django_db
def test_header_menu_lists_the_live_sections_in_tree_order(trainee_client):
    from tests.factories import CaseIndexPageFactory, GuideIndexPageFactory, RegulationIndexPageFactory

    RegulationIndexPageFactory(title="法规栏目")
    CaseIndexPageFactory(title="案例栏目")
    GuideIndexPageFactory(title="指南栏目", live=False)
    html = trainee_client.get("/").content.decode()
    nav = html[html.index('class="site-nav menu-panel"') :]
    assert nav.index("法规栏目") < nav.index("案例栏目")
    assert "指南栏目" not in nav
