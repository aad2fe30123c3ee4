"""Whoosh ranks every match; the ORM filters them a chunk at a time; large filtered counts are estimates."""

from __future__ import annotations

import json

import pytest
from django.core.paginator import Paginator

from regulations.models import RegulationArticle, RegulationStatus
from search.selectors import TieredResults
from tests.factories import RegulationArticleFactory, RegulationIndexPageFactory, RegulationPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_chunks(whoosh_settings):
    """Three matches per ORM check, so a handful of articles exercises chunking and estimates."""
    whoosh_settings.WAGTAILSEARCH_BACKENDS["default"]["MAX_HITS"] = 3
    return whoosh_settings


@pytest.fixture
def editions(small_chunks):
    library = RegulationIndexPageFactory()
    old = RegulationPageFactory(parent=library, title="旧办法", status=RegulationStatus.REVISED)
    new = RegulationPageFactory(parent=library, title="新办法", status=RegulationStatus.IN_FORCE)
    # The old edition's articles say 谈话 more often, so they rank first and the filter drops them first.
    for n in range(1, 9):
        RegulationArticleFactory(regulation=old, number=n, text="个别谈话，谈话应当记录，谈话由两人进行。")
    for n in range(1, 6):
        RegulationArticleFactory(regulation=new, number=n, text=f"第{n}项：开展个别谈话。" + "其他内容。" * n)
    RegulationArticleFactory(regulation=new, number=9, text="财务检查。")
    return old, new


def numbers(results) -> list[int]:
    return [article.number for article in results]


def test_a_filter_that_drops_the_best_matches_still_fills_the_page(editions):
    _old, new = editions
    results = RegulationArticle.objects.filter(regulation=new).search("谈话")
    # Shorter articles first (BM25), after checking more than one chunk of better-scored old ones.
    assert numbers(results[:2]) == [1, 2]
    assert numbers(results) == [1, 2, 3, 4, 5]
    assert results.count() == 5 and not results.count_is_estimate()


def test_a_large_filtered_count_is_an_estimate_until_counted_exactly(editions):
    old, new = editions
    results = RegulationArticle.objects.filter(regulation=new).search("谈话")
    # 13 matches, more than MAX_HITS. Finding the first result took 3 checks of 3: 1 of 9 passed.
    assert results.count_is_estimate()
    assert results.count() == 1
    assert results.exact_count() == 5
    assert not results.count_is_estimate()
    assert RegulationArticle.objects.filter(regulation=new).search("谈话").count() == 1  # a new search estimates anew

    results = RegulationArticle.objects.filter(regulation=old).search("谈话")
    assert results.count() == 13 and results.count_is_estimate()  # 3 of 3 passed: 13 estimated
    assert results.exact_count() == 8


def test_without_filters_the_count_is_exact(editions):
    results = RegulationArticle.objects.search("谈话")
    assert results.count() == 13
    assert not results.count_is_estimate()


def test_pages_cover_every_result_once_in_order(editions):
    old, _new = editions
    everything = numbers(RegulationArticle.objects.filter(regulation=old).search("谈话"))
    paginator = Paginator(RegulationArticle.objects.filter(regulation=old).search("谈话"), 3)
    pages = [numbers(paginator.page(n).object_list) for n in paginator.page_range]
    assert sorted(everything) == list(range(1, 9))
    assert [n for page in pages for n in page] == everything


def test_tiers_are_sliced_at_their_real_ends(editions):
    old, new = editions
    tiers = TieredResults([RegulationArticle.objects.filter(regulation=r).search("谈话") for r in (new, old)])
    assert tiers.count_is_estimate()
    page = tiers[0:7]
    assert [a.regulation_id for a in page] == [new.pk] * 5 + [old.pk] * 2
    assert len(tiers[0:100]) == 13
    assert tiers.count() == 13 and not tiers.count_is_estimate()


def test_the_api_and_the_page_say_when_the_total_is_estimated(editions, trainee_client):
    # The first five articles come from the edition in force; the superseded edition's count (included on
    # request) is estimated.
    data = json.loads(trainee_client.get("/api/search/", {"q": "谈话", "superseded": "1"}).content)
    assert data["total_is_estimate"] is True
    assert data["total"] == 5 + 13
    html = trainee_client.get("/search/", {"q": "谈话", "superseded": "1"}).content.decode()
    assert "18" in html and "(5)" not in html

    # One type, one page holding every result: counted exactly on the way.
    data = json.loads(trainee_client.get("/api/search/", {"q": "谈话", "type": "article", "superseded": "1"}).content)
    assert data["total_is_estimate"] is False
    assert data["total"] == 13
    assert [r["regulation"] for r in data["results"]] == ["新办法"] * 5 + ["旧办法"] * 8


def test_annotated_scores_follow_the_order(editions):
    scored = list(RegulationArticle.objects.search("谈话").annotate_score("_score"))
    assert len(scored) == 13
    assert [a._score for a in scored] == sorted((a._score for a in scored), reverse=True)
