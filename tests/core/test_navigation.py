import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CaseIndexPageFactory, RegulationIndexPageFactory


def _nav(client) -> str:
    html = client.get("/").content.decode()
    return html[html.index('class="site-nav menu-panel"') :]


@pytest.mark.django_db
def test_the_menu_is_read_once_then_served_from_the_cache(trainee_client):
    RegulationIndexPageFactory(title="法规栏目")
    _nav(trainee_client)
    with CaptureQueriesContext(connection) as first:
        trainee_client.get("/learning/")
    assert not any("wagtailcore_site" in q["sql"] for q in first.captured_queries)
    assert "法规栏目" in _nav(trainee_client)


@pytest.mark.django_db
def test_a_new_section_appears_at_once(trainee_client):
    RegulationIndexPageFactory(title="法规栏目")
    assert "案例栏目" not in _nav(trainee_client)
    CaseIndexPageFactory(title="案例栏目")
    assert "案例栏目" in _nav(trainee_client)


@pytest.mark.django_db
def test_an_unpublished_or_renamed_section_leaves_the_menu(trainee_client):
    section = RegulationIndexPageFactory(title="法规栏目")
    assert "法规栏目" in _nav(trainee_client)
    section.title = "制度规定"
    section.save_revision().publish()
    nav = _nav(trainee_client)
    assert "制度规定" in nav and "法规栏目" not in nav
    section.unpublish()
    assert "制度规定" not in _nav(trainee_client)
