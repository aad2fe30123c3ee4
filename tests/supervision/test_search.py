"""监督要点 are a result type of the site search: /api/search/ finds a point by a word of its red flags or of the
documents it asks for."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core import roles
from core.models import UnitType
from tests.factories import ProblemCategoryFactory, UserFactory, client_for
from tests.supervision.factories import make_point

pytestmark = pytest.mark.django_db


@pytest.fixture
def whoosh(settings, tmp_path):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "search.backend", "INDEX_DIR": str(tmp_path / "index"), "WRITE_TIMEOUT": 10},
    }
    settings.SEARCH_BACKEND = "whoosh"
    return settings


@pytest.fixture
def point(whoosh, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return make_point(
            title="村级工程项目",
            category=ProblemCategoryFactory(),
            unit_types=[UnitType.objects.get(name="村")],
            summary="看工程项目是否按程序发包。",
            documents=[("工程结算审计报告", "")],
            red_flags=["拆分发包规避招标"],
        )


def api_results(query: str) -> list[dict]:
    client = client_for(UserFactory(role=roles.TRAINEE))
    return client.get(reverse("search_api"), {"q": query}).json()["results"]


@pytest.mark.parametrize("word", ["规避招标", "结算审计"])
def test_the_search_api_finds_a_point_by_a_word_of_its_red_flags_or_documents(point, word):
    hits = [r for r in api_results(word) if r["type"] == "supervision_point"]
    assert [(h["title"], h["url"]) for h in hits] == [("村级工程项目", point.url)]


def test_a_draft_point_is_not_found(whoosh, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_point(title="草稿要点", unit_types=[UnitType.objects.get(name="村")], red_flags=["虚列支出"], live=False)
    assert [r for r in api_results("虚列支出") if r["type"] == "supervision_point"] == []


def test_the_search_page_has_a_tab_for_supervision_points(point):
    client = client_for(UserFactory(role=roles.TRAINEE))
    page = client.get(reverse("search"), {"q": "规避招标", "type": "supervision_point"}).content.decode()
    assert "村级工程项目" in page
