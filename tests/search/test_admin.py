"""Wagtail's admin listings, choosers and search on the Whoosh backend: pages, snippets, images, documents."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from tests.factories import (
    CaseIndexPageFactory,
    CasePageFactory,
    RegulationArticleFactory,
    RegulationIndexPageFactory,
    RegulationPageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, any_backend):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_superuser("searchadmin", "admin@example.com", "pw")
    client.force_login(user)
    return client


def page(client, url, **params) -> str:
    """The HTML of an admin view (choosers answer with JSON that holds it)."""
    response = client.get(url, params)
    assert response.status_code == 200
    if response["Content-Type"].startswith("application/json"):
        return response.json()["html"]
    return response.content.decode()


def test_page_search_and_chooser(admin_client):
    cases = CaseIndexPageFactory()
    CasePageFactory(parent=cases, title="个别谈话要点", facts="<p>无关。</p>")
    CasePageFactory(parent=cases, title="财务检查", facts="<p>报销。</p>")

    for url in (reverse("wagtailadmin_pages:search"), reverse("wagtailadmin_choose_page_search")):
        content = page(admin_client, url, q="谈话")
        assert "个别谈话要点" in content
        assert "财务检查" not in content
    content = page(admin_client, reverse("wagtailadmin_pages:search"), q="谈话", ordering="-latest_revision_created_at")
    assert "个别谈话要点" in content


def test_snippet_listing_search_with_its_filter(admin_client):
    library = RegulationIndexPageFactory()
    first = RegulationPageFactory(parent=library, title="甲办法")
    second = RegulationPageFactory(parent=library, title="乙办法")
    RegulationArticleFactory(regulation=first, number=7, text="巡察组应当开展个别谈话。")
    RegulationArticleFactory(regulation=first, number=8, text="财务报销应当合规。")
    RegulationArticleFactory(regulation=second, number=9, text="谈话应当两人进行。")
    url = reverse("wagtailsnippets_regulations_regulationarticle:list")

    with pytest.warns(RuntimeWarning, match="AutocompleteFields"):  # Wagtail's note: whole words only
        content = page(admin_client, url, q="谈话")
    assert "第七条" in content and "第九条" in content
    assert "第八条" not in content
    with pytest.warns(RuntimeWarning):
        content = page(admin_client, url, q="谈话", regulation=first.pk)
    assert "第七条" in content
    assert "第九条" not in content


def test_image_listing_and_chooser_search(admin_client):
    Image = get_image_model()
    Image.objects.create(title="个别谈话现场照片", file=get_test_image_file())
    Image.objects.create(title="财务凭证扫描件", file=get_test_image_file(filename="other.png"))

    for url in (reverse("wagtailimages:index"), reverse("wagtailimages_chooser:choose")):
        content = page(admin_client, url, q="谈话")
        assert "个别谈话现场照片" in content
        assert "财务凭证扫描件" not in content
    # Autocomplete: a word still being typed finds the title.
    assert "个别谈话现场照片" in page(admin_client, reverse("wagtailimages:index"), q="个别谈")


def test_document_listing_and_chooser_search(admin_client):
    Document = get_document_model()
    Document.objects.create(title="巡察谈话提纲", file=ContentFile(b"x", name="outline.txt"))
    Document.objects.create(title="财务报销制度", file=ContentFile(b"x", name="finance.txt"))

    for url in (reverse("wagtaildocs:index"), reverse("wagtaildocs_chooser:choose")):
        content = page(admin_client, url, q="谈话")
        assert "巡察谈话提纲" in content
        assert "财务报销制度" not in content


@pytest.mark.parametrize("ordering", ["label", "-label", "regulation", "-regulation", "chapter", "-chapter"])
def test_snippet_listing_sorts_by_its_columns_while_searching(admin_client, ordering):
    library = RegulationIndexPageFactory()
    first = RegulationPageFactory(parent=library, title="甲办法")
    second = RegulationPageFactory(parent=library, title="乙办法")
    RegulationArticleFactory(regulation=first, number=7, text="巡察组应当开展个别谈话。")
    RegulationArticleFactory(regulation=second, number=9, text="谈话应当两人进行。")
    RegulationArticleFactory(regulation=second, number=10, text="财务报销应当合规。")
    content = page(
        admin_client, reverse("wagtailsnippets_regulations_regulationarticle:list"), q="谈话", ordering=ordering
    )
    assert "第七条" in content and "第九条" in content and "第十条" not in content
