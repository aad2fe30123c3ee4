import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from regulations.models import RegulationArticle, RegulationPage
from regulations.numerals import article_label, to_chinese
from regulations.services import ArticleDraft, create_regulation
from tests.factories import RegulationIndexPageFactory


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (1, "一"),
        (10, "十"),
        (15, "十五"),
        (20, "二十"),
        (99, "九十九"),
        (100, "一百"),
        (105, "一百零五"),
        (110, "一百一十"),
        (111, "一百一十一"),
        (200, "二百"),
        (300, "三百"),
        (1005, "一千零五"),
    ],
)
def test_chinese_numerals(number, expected):
    assert to_chinese(number) == expected


def test_article_label_and_range():
    assert article_label(12) == "第十二条"
    with pytest.raises(ValueError):
        to_chinese(0)


def _drafts(count: int) -> list[ArticleDraft]:
    return [
        ArticleDraft(
            number=n, paragraphs=[f"第{n}条的第一款。", "（一）第一项；", "（二）第二项。"], chapter="第一章　总则"
        )
        for n in range(1, count + 1)
    ]


@pytest.mark.django_db
def test_create_regulation_writes_articles_in_order_with_anchors(trainee_client: Client):
    library = RegulationIndexPageFactory()
    regulation = create_regulation(library=library, title="测试办法", slug="test-measures", drafts=_drafts(12))
    articles = list(regulation.articles.all())
    assert [a.label for a in articles[:2]] == ["第一条", "第二条"]
    assert articles[11].get_url() == f"{regulation.url}#article-12"
    html = trainee_client.get(regulation.url).content.decode()
    assert 'id="article-12"' in html and 'href="#article-12"' in html
    assert "第一章　总则" in html
    assert "（二）第二项。" in html


@pytest.mark.django_db
def test_create_regulation_is_all_or_nothing():
    library = RegulationIndexPageFactory()
    drafts = _drafts(3) + [ArticleDraft(number=2, paragraphs=["重复的条号。"])]
    with pytest.raises(ValueError):
        create_regulation(library=library, title="坏数据", slug="bad", drafts=drafts)
    assert not RegulationPage.objects.filter(slug="bad").exists()
    assert not RegulationArticle.objects.exists()


@pytest.mark.django_db
def test_regulation_page_does_not_query_per_article(trainee_client: Client):
    library = RegulationIndexPageFactory()
    small = create_regulation(library=library, title="小办法", slug="small", drafts=_drafts(3))
    large = create_regulation(library=library, title="大办法", slug="large", drafts=_drafts(60))
    trainee_client.get(small.url)  # fills the caches (site root paths, header menu) a first request fills
    with CaptureQueriesContext(connection) as small_queries:
        trainee_client.get(small.url)
    with CaptureQueriesContext(connection) as large_queries:
        trainee_client.get(large.url)
    assert len(large_queries) == len(small_queries)
