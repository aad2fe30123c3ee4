"""Citations travel as title + edition + number + fingerprint and land on the receiver's edition in force."""

import pytest

from cases.models import CasePage
from packages.citations import CitationOutcome, encode_article, resolve_citation
from packages.models import ImportedItem
from tests.citation_chain import NEW_TITLE, OLD_TITLE, article, revised_regulation
from tests.factories import CaseArticleLinkFactory, CaseIndexPageFactory, CasePageFactory
from tests.packages.sending import Offices

pytestmark = pytest.mark.django_db


def _case_citing(*articles) -> CasePage:
    case = CasePageFactory(parent=CaseIndexPageFactory())
    for order, cited in enumerate(articles):
        CaseArticleLinkFactory(case=case, article=cited, sort_order=order)
    case.save_revision().publish()
    return case


def _imported(case: CasePage) -> CasePage:
    item = ImportedItem.objects.get(origin_key=f"case:{case.pk}")
    return CasePage.objects.get(pk=item.object_id)


def test_citations_of_a_superseded_edition_land_on_the_articles_in_force_here():
    chain = revised_regulation()
    # 2023 第一条 unchanged, 第三条 became 第四条 word for word, 第二条 became 第三条 with a new time limit.
    case = _case_citing(chain.old_article(1), chain.old_article(3), chain.old_article(2))
    offices = Offices()

    preview, _results = offices.receive(offices.export([("case", case.pk)]))

    outcomes = [c.outcome for c in preview.items[0].citations]
    assert outcomes == [CitationOutcome.SAME, CitationOutcome.RENUMBERED, CitationOutcome.CHANGED]
    linked = [link.article_id for link in _imported(case).article_links.order_by("sort_order")]
    assert linked == [chain.new_article(1).pk, chain.new_article(4).pk, chain.new_article(3).pk]


def test_a_removed_article_is_left_for_an_editor_and_the_item_still_arrives():
    chain = revised_regulation()
    case = _case_citing(chain.old_article(1), chain.old_article(4))  # 2023 第四条 was removed in 2025
    offices = Offices()

    preview, results = offices.receive(offices.export([("case", case.pk)]))

    assert [c.outcome for c in preview.items[0].citations] == [CitationOutcome.SAME, CitationOutcome.MISSING]
    imported = _imported(case)
    assert [link.article_id for link in imported.article_links.all()] == [chain.new_article(1).pk]
    notes = ImportedItem.objects.get(object_id=imported.pk).citation_notes
    assert [note["outcome"] for note in notes] == ["missing"]
    assert "第四条" in notes[0]["citation"] and results[0]["notes"]


def test_a_receiver_without_the_cited_edition_matches_the_text_in_its_edition_in_force():
    chain = revised_regulation()
    citation = encode_article(chain.old_article(3))
    citation["edition"] = "2023-01-01"  # an edition this site never had

    resolution = resolve_citation(citation)

    assert resolution.outcome == CitationOutcome.RENUMBERED
    assert resolution.article == chain.new_article(4)


def test_without_the_cited_edition_a_reworded_article_is_matched_as_changed():
    chain = revised_regulation()
    citation = encode_article(chain.old_article(2))
    citation["edition"] = "2023-01-01"

    resolution = resolve_citation(citation)

    assert resolution.outcome == CitationOutcome.CHANGED
    assert resolution.article == chain.new_article(3)
    assert resolution.needs_editor


def test_a_regulation_this_site_does_not_have_is_missing():
    chain = revised_regulation()
    citation = {**encode_article(chain.old_article(1)), "regulation": "别处的规定", "in_force_title": "别处的规定"}

    resolution = resolve_citation(citation)

    assert resolution.outcome == CitationOutcome.MISSING and resolution.article is None


def test_a_citation_carries_no_database_id():
    chain = revised_regulation()
    cited = article(chain.old, 3)

    citation = encode_article(cited)

    assert citation["regulation"] == OLD_TITLE and citation["in_force_title"] == NEW_TITLE
    assert citation["number"] == 3 and citation["label"] == "第三条"
    assert len(citation["fingerprint"]) == 16
    assert set(citation) == {"regulation", "edition", "in_force_title", "number", "label", "fingerprint", "text"}


def test_two_citations_that_land_on_one_article_here_become_one_link():
    chain = revised_regulation()
    # 2023 第三条 became 2025 第四条 word for word: the sender cites both, they are one article here.
    case = _case_citing(chain.old_article(3), chain.new_article(4))
    offices = Offices()

    offices.receive(offices.export([("case", case.pk)]))

    assert [link.article_id for link in _imported(case).article_links.all()] == [chain.new_article(4).pk]
