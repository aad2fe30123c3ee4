"""A case's 相关条文 follow the article to the edition in force (issue 14, links that follow)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import CaseIndexPage
from cases.selectors import ARTICLE_CITATION_RELATED
from regulations.api import CITATION_RELATED
from tests.citation_chain import revised_regulation
from tests.factories import CaseArticleLinkFactory, CaseIndexPageFactory, CasePageFactory, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain():
    return revised_regulation()


def _case_citing(articles, *, basis="<p>依据《巡察办法（2023）》第二条。</p>"):
    index = CaseIndexPage.objects.first() or CaseIndexPageFactory()
    case = CasePageFactory(parent=index, characterisation_basis=basis)
    for article in articles:
        CaseArticleLinkFactory(case=case, article=article)
    return case


def _related_list(html: str) -> str:
    start = html.index('<ul class="article-links">')
    return html[start : html.index("</ul>", start)]


def test_an_old_article_shows_the_article_in_force_beside_its_old_number(chain, trainee):
    case = _case_citing([chain.old_article(2)])
    html = client_for(trainee).get(case.url).content.decode()
    related = _related_list(html)
    assert "现行《巡察办法（2025）》第三条" in related
    assert "原第二条" in related and "内容有修改" in related
    assert f'href="{chain.new.url}#article-3"' in related
    assert f"{chain.new.url}changes/#change-3" in related
    # The prose keeps the number its author wrote.
    assert "依据《巡察办法（2023）》第二条。" in html


def test_a_renumbered_article_says_the_wording_is_the_same(chain, trainee):
    case = _case_citing([chain.old_article(3)])
    related = _related_list(client_for(trainee).get(case.url).content.decode())
    assert "现行《巡察办法（2025）》第四条" in related and "原第三条" in related and "内容未变" in related


def test_a_removed_article_says_it_was_removed(chain, trainee):
    case = _case_citing([chain.old_article(4)])
    related = _related_list(client_for(trainee).get(case.url).content.decode())
    assert "该条已在现行版本中删除" in related
    assert f'href="{chain.old.url}#article-4"' in related
    assert "现行《" not in related


def test_an_article_in_force_is_a_plain_link(chain, trainee):
    case = _case_citing([chain.new_article(3)])
    related = _related_list(client_for(trainee).get(case.url).content.decode())
    assert "《巡察办法（2025）》第三条" in related and "原第" not in related and "现行" not in related


def test_the_list_costs_the_same_queries_for_one_and_five_articles(chain, trainee):
    one = _case_citing(chain.old_articles(1))
    five = _case_citing(chain.old_articles(5))
    client = client_for(trainee)
    client.get(one.url)  # warm the site's root paths and the header menu

    def count(case) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(case.url)
        assert response.status_code == 200
        return len(queries)

    assert count(five) == count(one)


def test_the_case_selector_loads_what_regulations_says_a_citation_needs():
    assert ARTICLE_CITATION_RELATED == tuple(f"article__{field}" for field in CITATION_RELATED)
