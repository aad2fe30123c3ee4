"""What a trainee reads: the library, an edition with its contents and links, and what changed."""

import re

import pytest
from django.test import Client
from wagtail.test.utils import WagtailPageTestCase

from regulations.models import RegulationCategory, RegulationPage, RegulationStatus
from regulations.services import import_regulation
from tests.factories import RegulationIndexPageFactory, RegulationPageFactory, UserFactory

pytestmark = pytest.mark.django_db

OLD = """第一章　总则
第一条　为了规范巡察工作，制定本办法。
第二条　巡察组依照本办法第三条、第四条开展工作，参照《其他条例》第九条。
第三条　巡察组可以采取下列方式：
（一）个别谈话；
（二）查阅资料。
第四条　巡察组应当在三个工作日内报告。
第五条　本办法自印发之日起施行。
"""
NEW = """第一章　总则
第一条　为了规范巡察工作，制定本办法。
第二条　巡察工作应当与其他监督贯通协调。
第三条　巡察组依照本办法第三条、第四条开展工作，参照《其他条例》第九条。
第四条　巡察组可以采取下列方式：
（一）个别谈话；
（二）查阅资料。
第五条　巡察组应当在五个工作日内报告。
"""


@pytest.fixture
def editions():
    old = import_regulation(source=OLD.encode(), filename="old.txt", title="巡察办法", publish=True)
    new = import_regulation(
        source=NEW.encode(), filename="new.txt", title="巡察办法（修订）", revises=old, publish=True
    )
    old.refresh_from_db()
    return old, new


def test_edition_page_links_references_to_articles_of_the_same_regulation(editions, trainee_client: Client):
    old, _ = editions
    html = trainee_client.get(old.url).content.decode()
    assert (
        '<a class="article-ref" href="#article-3">第三条</a>、<a class="article-ref" href="#article-4">第四条</a>'
        in html
    )
    # A citation of another document is not a link into this one.
    assert "《其他条例》第九条" in html
    assert 'id="article-5"' in html and 'href="#article-5"' in html  # anchor and table of contents
    assert '<p class="item">（一）个别谈话；</p>' in html


def test_old_edition_points_readers_to_the_current_one(editions, trainee_client: Client):
    old, new = editions
    assert old.status == RegulationStatus.REVISED
    html = trainee_client.get(old.url).content.decode()
    assert "edition-banner" in html and new.url in html and f"{new.url}changes/" in html
    assert "edition-banner" not in trainee_client.get(new.url).content.decode()


def test_changes_page_shows_each_kind_of_change(editions, trainee_client: Client):
    old, new = editions
    html = trainee_client.get(new.url + "changes/").content.decode()
    text = re.sub(r"\s+", " ", html)
    assert "新增" in text and "删除" in text and "条序调整" in text and "修改" in text
    assert "<del>三</del><ins>五</ins>" in html
    # Renumbered, not removed and added: 第二条 moved to 第三条 with the same text.
    assert "第二条 → <a" in text
    assert "本办法自印发之日起施行。" in html  # the deleted article is shown
    assert trainee_client.get(old.url + "changes/").status_code == 404


def test_library_lists_current_editions_first_and_filters(editions, trainee_client: Client):
    old, new = editions
    category = RegulationCategory.objects.get(slug="inspection")
    RegulationPage.objects.filter(pk=new.pk).update(category=category, issuing_body="某县县委")
    library = new.get_parent()
    html = trainee_client.get(library.url).content.decode()
    assert html.index(new.title) < html.index(f">{old.title}<")

    filtered = trainee_client.get(library.url, {"status": "revised"}).content.decode()
    assert f">{old.title}<" in filtered and new.title not in filtered
    by_category = trainee_client.get(library.url, {"category": "inspection"}).content.decode()
    assert new.title in by_category and f">{old.title}<" not in by_category
    by_body = trainee_client.get(library.url, {"issuing_body": "某县县委"}).content.decode()
    assert new.title in by_body and f">{old.title}<" not in by_body
    assert "部分筛选条件无法识别" in trainee_client.get(library.url, {"status": "bogus"}).content.decode()


class TestRegulationPages(WagtailPageTestCase):
    def setUp(self):
        self.client.force_login(UserFactory())

    def test_edition_and_changes_pages_render(self):
        old = RegulationPageFactory(parent=RegulationIndexPageFactory())
        new = RegulationPageFactory(parent=old.get_parent(), revises=old)
        self.assertPageIsRenderable(old)
        self.assertPageIsRoutable(new, "changes/")
        self.assertPageIsRenderable(new, "changes/")


def test_a_published_edition_not_yet_in_force_does_not_replace_the_current_one(trainee_client: Client):
    old = import_regulation(source=OLD.encode(), filename="old.txt", title="巡察办法", publish=True)
    upcoming = import_regulation(source=NEW.encode(), filename="new.txt", title="巡察办法（将施行）", revises=old)
    upcoming.status = RegulationStatus.NOT_YET_IN_FORCE
    upcoming.save_revision().publish()
    old.refresh_from_db()
    assert old.status == RegulationStatus.IN_FORCE
    assert "edition-banner" not in trainee_client.get(old.url).content.decode()
