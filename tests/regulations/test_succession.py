"""An article's identity across editions (regulations.succession) and how a citation of it reads."""

import pytest
from django.template import Context, Template

from regulations import events
from regulations.api import CITATION_RELATED, citation_of
from regulations.comparison import ChangeKind
from regulations.models import RegulationArticle
from regulations.succession import fill_missing_succession
from tests.citation_chain import article, old_edition, revise, revise_again

pytestmark = pytest.mark.django_db

# 2023 → 2025 → 2026 (tests.citation_chain): in 2025 a new article 2 pushes the rest down (renumbered), the
# time limit changes (changed), article 4 is removed, article 1 stays as it is; in 2026 the time limit changes
# again and article 2 goes, the rest moves up.


@pytest.fixture
def chain():
    first = old_edition()
    second = revise(first)
    return first, second


def test_each_kind_of_change_is_recorded_against_the_edition_in_force(chain):
    first, second = chain
    assert article(first, 1).current == article(second, 1)
    assert article(first, 1).change_to_current == ChangeKind.UNCHANGED
    assert article(first, 2).current == article(second, 3)
    assert article(first, 2).change_to_current == ChangeKind.RENUMBERED_CHANGED
    assert article(first, 3).current == article(second, 4)
    assert article(first, 3).change_to_current == ChangeKind.RENUMBERED
    assert article(first, 4).current is None
    assert article(first, 4).change_to_current == ChangeKind.REMOVED
    assert article(first, 2).successor == article(second, 3)
    # The edition in force is current itself; the article added in 2025 has no past.
    assert all(a.current is None and a.change_to_current == "" for a in second.articles.all())


def test_a_chain_of_three_editions_resolves_the_first_to_the_third(chain):
    first, second = chain
    third = revise_again(second)
    # 2023 第二条 (10 days) → 2025 第三条 (15 days) → 2026 第二条 (20 days): changed, same number again.
    assert article(first, 2).current == article(third, 2)
    assert article(first, 2).change_to_current == ChangeKind.CHANGED
    # 2023 第三条 → 2025 第四条 → 2026 第三条: the same words and number as in 2023.
    assert article(first, 3).current == article(third, 3)
    assert article(first, 3).change_to_current == ChangeKind.UNCHANGED
    # 2025 第二条 (added in 2025) is gone in 2026; 2023 第四条 went in 2025 and stays gone.
    assert article(second, 2).change_to_current == ChangeKind.REMOVED
    assert article(first, 4).change_to_current == ChangeKind.REMOVED
    assert article(second, 3).current == article(third, 2)
    assert article(second, 3).change_to_current == ChangeKind.RENUMBERED_CHANGED


def test_republishing_the_revision_recomputes_its_succession(chain):
    first, second = chain
    restored = second.articles.get(number=3)
    restored.text = "巡察组应当在十个工作日内报告。"  # the editor restores the old time limit
    restored.save()
    second.save_revision().publish()
    assert article(first, 2).change_to_current == ChangeKind.RENUMBERED


def test_the_apps_above_hear_which_articles_a_revision_touched():
    heard = []

    def listener(sender, edition, previous, touched_article_ids, **kwargs):
        heard.append((edition.pk, previous.pk, sorted(touched_article_ids)))

    events.edition_in_force.connect(listener)
    try:
        first = old_edition()
        second = revise(first)
    finally:
        events.edition_in_force.disconnect(listener)
    touched = RegulationArticle.objects.filter(regulation=first, number__in=[2, 3, 4]).values_list("pk", flat=True)
    assert heard == [(second.pk, first.pk, sorted(touched))]


def _render(cited) -> str:
    return Template("{% load regulation_citations %}{% article_citation article %}").render(Context({"article": cited}))


def test_a_citation_of_a_superseded_article_shows_the_rule_in_force(chain):
    first, second = chain
    html = _render(article(first, 2))
    assert "现行《巡察办法（2025）》第三条" in html
    assert "原第二条" in html and "内容有修改" in html and "点此对照" in html
    assert f'href="{second.url}#article-3"' in html
    assert f"{second.url}changes/#change-3" in html


def test_a_citation_of_a_renumbered_article_says_the_wording_is_the_same(chain):
    first, _ = chain
    html = _render(article(first, 3))
    assert "现行《巡察办法（2025）》第四条" in html and "原第三条" in html and "内容未变" in html
    assert "点此对照" not in html


def test_a_citation_of_a_removed_article_says_so(chain):
    first, _ = chain
    html = _render(article(first, 4))
    assert "该条已在现行版本中删除" in html and f'href="{first.url}#article-4"' in html


def test_a_citation_of_an_article_in_force_is_a_plain_link(chain):
    _, second = chain
    html = _render(article(second, 3))
    assert "《巡察办法（2025）》第三条" in html and "现行" not in html and "原第" not in html
    citation = citation_of(article(second, 3))
    assert not citation.superseded and citation.target == article(second, 3)


def test_rendering_citations_costs_no_queries_when_loaded_with_citation_related(chain, django_assert_num_queries):
    first, _ = chain
    articles = list(RegulationArticle.objects.select_related(*CITATION_RELATED).filter(regulation=first))
    _render(articles[0])  # Wagtail reads the sites' root paths once and keeps them
    with django_assert_num_queries(0):
        for each in articles:
            _render(each)


def test_editions_revised_before_succession_was_recorded_get_it_after_migrate(chain):
    first, _ = chain
    RegulationArticle.objects.filter(regulation=first).update(
        successor=None, successor_change="", current=None, change_to_current=""
    )
    assert fill_missing_succession() == 1
    assert article(first, 4).change_to_current == ChangeKind.REMOVED
    assert fill_missing_succession() == 0
