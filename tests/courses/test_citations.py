"""A lesson's quoted articles follow the article to the edition in force (issue 14, links that follow)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.citation_chain import revised_regulation
from tests.factories import client_for
from tests.rounds.factories import LessonPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain():
    return revised_regulation()


def _lesson_quoting(articles):
    lesson = LessonPageFactory()
    lesson.body = [("article", {"article": article, "note": "注意时限。"}) for article in articles]
    lesson.save()
    return lesson


def test_a_quoted_old_article_shows_the_article_in_force_and_its_text(chain, trainee):
    lesson = _lesson_quoting([chain.old_article(2)])
    html = client_for(trainee).get(lesson.url).content.decode()
    assert "现行《巡察办法（2025）》第三条" in html and "原第二条" in html and "内容有修改" in html
    assert f'href="{chain.new.url}#article-3"' in html
    assert "巡察组应当在十五个工作日内报告。" in html
    assert "十个工作日" not in html
    assert "注意时限。" in html
    assert "本课引用的是《巡察办法（2023）》第二条，该版本已修订" in html


def test_a_quoted_removed_article_says_so_and_keeps_its_text(chain, trainee):
    lesson = _lesson_quoting([chain.old_article(4)])
    html = client_for(trainee).get(lesson.url).content.decode()
    assert "该条已在现行版本中删除" in html
    assert "本办法由县委巡察办负责解释。" in html
    assert "现行《" not in html


def test_a_quoted_article_in_force_reads_as_before(chain, trainee):
    lesson = _lesson_quoting([chain.new_article(3)])
    html = client_for(trainee).get(lesson.url).content.decode()
    assert "《巡察办法（2025）》第三条" in html and "巡察组应当在十五个工作日内报告。" in html
    assert "原第" not in html and "现行《" not in html


def test_a_lesson_costs_the_same_queries_for_one_and_five_quoted_articles(chain, trainee):
    one, five = _lesson_quoting(chain.old_articles(1)), _lesson_quoting(chain.old_articles(5))
    client = client_for(trainee)
    client.get(one.url)  # warm the site's root paths and the header menu

    def count(lesson) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(lesson.url).status_code == 200
        return len(queries)

    assert count(five) == count(one)
