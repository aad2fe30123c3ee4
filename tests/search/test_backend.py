"""The Whoosh search backend (search.backend) against real pages and articles."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.paginator import Paginator
from modelsearch.backends import get_search_backend
from modelsearch.query import MATCH_ALL, Boost, Not, Phrase, PlainText
from wagtail.models import Page

from cases.models import CasePage
from guides.models import InterviewQuestion
from regulations.models import RegulationArticle
from search.backend import SearchBackend, WhooshSearchResults, build_document, document_key
from search.dictionary import get_segmenter
from search.index_store import CURRENT_FILE, META_FILE, IndexStore
from tests.factories import (
    CaseIndexPageFactory,
    CasePageFactory,
    GuideIndexPageFactory,
    InterviewGuidePageFactory,
    RegulationArticleFactory,
    RegulationIndexPageFactory,
    RegulationPageFactory,
    UnitTypeFactory,
)

REPO_ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_index(backend):
    return CaseIndexPageFactory()


@pytest.fixture
def any_case_index(any_backend):
    """For the tests of what a search finds: on the Whoosh backend, and in the PostgreSQL pass on that one too."""
    return CaseIndexPageFactory()


def make_case(case_index, title, facts="<p>巡察组了解有关情况。</p>", **kwargs):
    kwargs.setdefault("summary", "某单位存在的问题。")
    return CasePageFactory(parent=case_index, title=title, facts=facts, **kwargs)


def titles(results):
    return [obj.title for obj in results]


def index_keys(backend) -> set[str]:
    with backend.store.searcher() as searcher:
        if searcher is None:
            return set()
        return {fields["key"] for fields in searcher.all_stored_fields()}


# -- configuration -------------------------------------------------------------


def test_backend_is_loaded_from_settings(backend, index_dir):
    assert isinstance(backend, SearchBackend)
    assert backend.store.path == index_dir
    assert backend.catch_indexing_errors is True


def test_index_dir_is_required(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backend"}}
    with pytest.raises(ImproperlyConfigured):
        get_search_backend("default")


def test_document_lists_model_and_parents(case_index):
    case = make_case(case_index, "档案管理问题")
    doc = build_document(case)
    assert doc["key"] == f"wagtailcore.page:{case.pk}" == document_key(case)
    assert doc["content_types"].split() == ["cases.casepage", "wagtailcore.page"]
    assert "档案管理问题" in doc["title"]
    assert "巡察组了解有关情况" in doc["body"]  # HTML stripped by RichTextField
    assert "<p>" not in doc["body"]


# -- matching ------------------------------------------------------------------


def test_word_finds_the_compound_that_contains_it(any_case_index):
    case = make_case(any_case_index, "某局案例", facts="<p>巡察组与班子成员逐一开展个别谈话。</p>")
    make_case(any_case_index, "无关案例", facts="<p>财务报销不规范。</p>")

    assert titles(Page.objects.live().search("谈话")) == [case.title]
    assert titles(CasePage.objects.search("个别谈话")) == [case.title]


def test_all_words_must_match_by_default(any_case_index):
    make_case(any_case_index, "甲案例", facts="<p>落实主体责任不到位，发现问题线索三条。</p>")
    make_case(any_case_index, "乙案例", facts="<p>落实主体责任不到位。</p>")

    results = CasePage.objects.search("主体责任 问题线索")
    assert titles(results) == ["甲案例"]
    assert results.fallback_used is False
    # operator="or" takes either word, documents with both first.
    assert titles(CasePage.objects.search("主体责任 问题线索", operator="or")) == ["甲案例", "乙案例"]


def test_words_in_no_document_fall_back_to_any_word(case_index):
    make_case(case_index, "拒不配合巡察", facts="<p>被巡察单位拒绝配合巡察组调阅资料，巡察组依规处理。</p>")
    make_case(case_index, "信访件处理", facts="<p>信访件处理不及时。</p>")
    make_case(case_index, "公车私用", facts="<p>违规使用公务用车。</p>")

    results = CasePage.objects.search("被巡察单位不配合怎么处理")
    assert isinstance(results, WhooshSearchResults)
    assert results.fallback_used is True
    # The case with more of the words comes first; the one with none is not there.
    assert titles(results) == ["拒不配合巡察", "信访件处理"]


def test_no_fallback_when_nothing_matches_any_word(case_index):
    make_case(case_index, "公车私用", facts="<p>违规使用公务用车。</p>")
    results = CasePage.objects.search("怎么 为什么")
    assert list(results) == []
    assert results.fallback_used is False


def test_phrase_matches_adjacent_words_only(any_backend, any_case_index):
    make_case(any_case_index, "甲案例", facts="<p>巡察组进驻被巡察单位后召开动员会。</p>")
    make_case(any_case_index, "乙案例", facts="<p>进驻以后，巡察组调阅了会议记录。</p>")

    assert titles(any_backend.search(Phrase("巡察组进驻"), CasePage)) == ["甲案例"]
    assert sorted(titles(any_backend.search(PlainText("巡察组 进驻"), CasePage))) == ["乙案例", "甲案例"]
    # Plain text puts the adjacent occurrence first.
    assert titles(CasePage.objects.search("巡察组进驻"))[0] == "甲案例"


def test_title_match_ranks_above_body_match(any_case_index):
    make_case(
        any_case_index,
        "某单位干部档案管理混乱",
        facts="<p>多名干部档案材料缺失，选人用人工作中把关不严，巡察组已督促整改，并约谈有关负责人。</p>",
    )
    make_case(any_case_index, "选人用人问题", facts="<p>某单位提拔干部程序不规范。</p>")

    assert titles(CasePage.objects.search("选人用人")) == ["选人用人问题", "某单位干部档案管理混乱"]


def test_boost_and_boolean_query_objects(any_backend, any_case_index):
    make_case(any_case_index, "甲案例", facts="<p>公务接待超标准。</p>")
    make_case(any_case_index, "乙案例", facts="<p>公务用车私用。</p>")

    both = PlainText("公务")
    assert sorted(titles(any_backend.search(both & Not(PlainText("接待")), CasePage))) == ["乙案例"]
    assert sorted(titles(any_backend.search(PlainText("接待") | PlainText("用车"), CasePage))) == ["乙案例", "甲案例"]
    boosted = Boost(PlainText("用车"), 10) | PlainText("接待")
    assert titles(any_backend.search(boosted, CasePage))[0] == "乙案例"
    assert len(any_backend.search(MATCH_ALL, CasePage)) == 2


# -- models and filters ----------------------------------------------------------


def test_model_restriction_and_live_filter(any_case_index):
    case = make_case(any_case_index, "谈话记录不规范", facts="<p>谈话记录缺少签字。</p>")
    guide = InterviewGuidePageFactory(
        parent=GuideIndexPageFactory(title="指南栏目"), title="与纪委书记谈话", summary="谈话要点。"
    )

    assert sorted(titles(Page.objects.live().search("谈话"))) == sorted([case.title, guide.title])
    assert titles(CasePage.objects.search("谈话")) == [case.title]
    # Results of a CasePage search are CasePage objects.
    assert all(type(obj) is CasePage for obj in CasePage.objects.search("谈话"))

    case.unpublish()
    assert titles(Page.objects.live().search("谈话")) == [guide.title]
    assert case.title in titles(Page.objects.search("谈话"))  # drafts are still indexed


def test_related_fields_are_searchable(any_case_index):
    guide = InterviewGuidePageFactory(
        parent=GuideIndexPageFactory(title="指南栏目"), title="谈话提纲", summary="提纲。"
    )
    InterviewQuestion.objects.create(guide=guide, question="您如何看待巡察反馈的意见？", watch_for="回避问题。")
    # modelsearch's save handler re-reads the page from the database, so the child row must be there first.
    guide.save()

    assert titles(Page.objects.search("反馈")) == [guide.title]


def test_articles_search(any_backend):
    regulation = RegulationPageFactory(parent=RegulationIndexPageFactory(), title="巡察工作条例")
    first = RegulationArticleFactory(regulation=regulation, number=1, text="巡察组发现的问题线索，按规定移交。")
    RegulationArticleFactory(regulation=regulation, number=2, text="巡察组应当严格遵守工作纪律。")
    third = RegulationArticleFactory(regulation=regulation, number=3, text="对线索进行分类处置。")

    found = RegulationArticle.objects.search("线索")
    assert sorted(article.pk for article in found) == sorted([first.pk, third.pk])
    other = RegulationPageFactory(parent=regulation.get_parent(), title="另一办法")
    elsewhere = RegulationArticleFactory(regulation=other, number=1, text="线索处置。")
    assert len(RegulationArticle.objects.search("线索")) == 3
    assert list(RegulationArticle.objects.filter(regulation=other).search("线索")) == [elsewhere]


def test_order_by_instead_of_relevance(any_case_index):
    for title in ["丙谈话案例", "甲谈话案例", "乙谈话案例"]:
        make_case(any_case_index, title, facts="<p>个别谈话。</p>")
    make_case(any_case_index, "丁案例", facts="<p>无关。</p>")

    results = CasePage.objects.order_by("-title").search("谈话", order_by_relevance=False)
    assert titles(results) == sorted(["丙谈话案例", "甲谈话案例", "乙谈话案例"], reverse=True)
    assert titles(CasePage.objects.search("谈话", order_by="title")) == sorted(
        ["丙谈话案例", "甲谈话案例", "乙谈话案例"]
    )


def test_facet(any_case_index):
    a, b = UnitTypeFactory(), UnitTypeFactory()
    make_case(any_case_index, "一", facts="<p>个别谈话。</p>", unit_type=a)
    make_case(any_case_index, "二", facts="<p>谈话记录。</p>", unit_type=a)
    make_case(any_case_index, "三", facts="<p>谈话提纲。</p>", unit_type=b)
    make_case(any_case_index, "四", facts="<p>无关。</p>", unit_type=b)

    assert dict(CasePage.objects.search("谈话").facet("unit_type_id")) == {a.pk: 2, b.pk: 1}
    case_type = CasePage.objects.first().content_type_id
    assert dict(Page.objects.search("谈话").facet("content_type_id")) == {case_type: 3}


def test_paginator_slices_and_scores(any_case_index):
    for n in range(5):
        make_case(any_case_index, f"谈话案例{n}", facts="<p>" + "谈话。" * (n + 1) + "</p>")

    results = CasePage.objects.search("谈话")
    everything = titles(results)
    paginator = Paginator(CasePage.objects.search("谈话"), 2)
    assert paginator.count == 5
    assert paginator.num_pages == 3
    pages = [titles(paginator.page(n).object_list) for n in (1, 2, 3)]
    assert pages == [everything[0:2], everything[2:4], everything[4:5]]
    assert results[1].title == everything[1]

    scored = list(CasePage.objects.search("谈话").annotate_score("_score"))
    assert all(obj._score > 0 for obj in scored)
    assert [obj._score for obj in scored] == sorted((obj._score for obj in scored), reverse=True)


def test_prefetch_related_is_kept(any_case_index, django_assert_num_queries):
    make_case(any_case_index, "谈话案例", facts="<p>谈话。</p>")
    results = CasePage.objects.prefetch_related("tags").search("谈话")
    list(results)  # whoosh + filtering
    with django_assert_num_queries(0):
        assert [list(obj.tags.all()) for obj in results] == [[]]


def test_query_syntax_in_user_text_is_plain_words(any_case_index):
    make_case(any_case_index, "谈话案例", facts="<p>个别谈话。</p>")
    make_case(any_case_index, "其他案例", facts="<p>无关内容。</p>")

    for text in ["谈话 AND OR NOT ( ) * ? title:x", 'title:谈话 "谈话', "谈话^5 ~2 [a TO z] {x}", "*", "（）？"]:
        results = CasePage.objects.search(text)
        found = titles(results)  # must not raise
        assert "其他案例" not in found
    # NOT is a word, not an operator: the 谈话 case is still found.
    assert titles(CasePage.objects.search("谈话 NOT 个别")) == ["谈话案例"]
    assert list(CasePage.objects.search("？？？")) == []


def test_autocomplete_matches_chinese_prefixes_and_substrings(any_case_index):
    make_case(any_case_index, "个别谈话要点", facts="<p>无关。</p>")
    make_case(any_case_index, "财务检查", facts="<p>个别谈话。</p>")  # only the body mentions it

    assert titles(CasePage.objects.autocomplete("个别谈")) == ["个别谈话要点"]
    assert titles(Page.objects.autocomplete("谈话")) == ["个别谈话要点"]
    assert titles(Page.objects.autocomplete("谈话要点")) == ["个别谈话要点"]
    assert titles(Page.objects.autocomplete("谈话 财务")) == []
    assert sorted(titles(Page.objects.autocomplete("谈话 财务", operator="or"))) == ["个别谈话要点", "财务检查"]


# -- indexing ----------------------------------------------------------------------


def test_save_and_delete_update_the_index(backend, case_index):
    case = make_case(case_index, "某案例", facts="<p>违规发放津贴补贴。</p>")
    assert titles(CasePage.objects.search("津贴")) == ["某案例"]

    case.facts = "<p>超标准公务接待。</p>"
    case.save()
    assert list(CasePage.objects.search("津贴")) == []
    assert titles(CasePage.objects.search("公务接待")) == ["某案例"]

    key = document_key(case)
    assert key in index_keys(backend)
    case.delete()
    assert key not in index_keys(backend)


def test_index_failure_is_logged_not_raised(backend, case_index, monkeypatch, caplog):
    def broken_write(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(backend.store, "write", broken_write)
    with caplog.at_level(logging.ERROR, logger="search.backend"):
        case = make_case(case_index, "保存不受影响")
    assert CasePage.objects.filter(pk=case.pk).exists()
    errors = [r for r in caplog.records if r.name == "search.backend" and r.levelno == logging.ERROR]
    assert errors and "保存不受影响" in errors[0].getMessage()


def test_generation_records_dictionary_fingerprint(backend, case_index, index_dir):
    make_case(case_index, "某案例")
    current = (index_dir / CURRENT_FILE).read_text().strip()
    meta = json.loads((index_dir / current / META_FILE).read_text())
    assert meta["dictionary_fingerprint"] == get_segmenter().fingerprint


def test_concurrent_writer_processes(tmp_path):
    """Three processes, 30 single-document writes each, on one new INDEX_DIR: no LockError, nothing lost."""
    index_dir = tmp_path / "shared-index"
    script = (
        "import sys\n"
        "from search.index_store import IndexStore\n"
        "store = IndexStore(sys.argv[1], write_timeout=60)\n"
        "sys.stdin.readline()\n"  # start together: the parent releases everyone at once
        "for i in range(30):\n"
        "    key = f'test.doc:{sys.argv[2]}-{i}'\n"
        "    store.write([{'key': key, 'pk': key, 'content_types': 'test.doc', 'body': '个别谈话'}])\n"
        "print('done')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(index_dir), str(n)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=REPO_ROOT,
            env=env,
        )
        for n in range(3)
    ]
    for proc in procs:
        proc.stdin.write("go\n")
        proc.stdin.flush()
    for proc in procs:
        out, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, err
        assert out.strip() == "done"

    store = IndexStore(index_dir)
    assert len(store.generations()) == 1  # the processes agreed on one new generation
    with store.searcher() as searcher:
        keys = {fields["key"] for fields in searcher.all_stored_fields()}
    assert keys == {f"test.doc:{n}-{i}" for n in range(3) for i in range(30)}


# -- rebuilding ----------------------------------------------------------------------


def test_update_index_rebuilds_into_a_new_generation(backend, case_index, index_dir, caplog):
    make_case(case_index, "谈话案例", facts="<p>个别谈话。</p>")
    first = (index_dir / CURRENT_FILE).read_text().strip()

    call_command("update_index", stdout=StringIO())
    second = (index_dir / CURRENT_FILE).read_text().strip()
    assert second != first
    assert titles(CasePage.objects.search("谈话")) == ["谈话案例"]
    # Pages are indexed once, as their specific type (else CasePage searches would miss them).
    assert "谈话案例" in titles(Page.objects.search("谈话"))

    call_command("update_index", stdout=StringIO())
    generations = sorted(p.name for p in index_dir.iterdir() if p.is_dir())
    third = (index_dir / CURRENT_FILE).read_text().strip()
    assert first not in generations  # older generations are cleaned up, the previous one is kept
    assert set(generations) == {second, third}

    shutil.rmtree(index_dir)
    with caplog.at_level(logging.WARNING, logger="search.backend"):
        results = CasePage.objects.search("谈话")
        # Answered from the database (never silently empty), and a rebuild queued (run at once in tests).
        assert titles(results) == ["谈话案例"]
    assert any("update_index" in r.getMessage() for r in caplog.records if r.name == "search.backend")

    call_command("update_index", stdout=StringIO())
    assert titles(CasePage.objects.search("谈话")) == ["谈话案例"]


def test_searches_use_the_old_generation_until_the_rebuild_finishes(backend, case_index):
    old = make_case(case_index, "旧案例", facts="<p>个别谈话。</p>")
    index = backend.get_index_for_model(CasePage)
    rebuilder = backend.rebuilder_class(index)
    new_index = rebuilder.start()
    new_index.add_items(CasePage, [make_case(case_index, "新案例", facts="<p>谈话提纲。</p>")])
    # Live writes during the rebuild reach both generations, so "新案例" is already searchable.
    assert sorted(titles(CasePage.objects.search("谈话"))) == ["新案例", "旧案例"]
    rebuilder.finish()
    # The new generation only has what the rebuild (and live writes since it began) put there.
    assert titles(CasePage.objects.search("谈话")) == ["新案例"]
    assert document_key(old) not in index_keys(backend)


def test_corrupt_current_falls_back_and_a_save_rebuilds_everything(backend, case_index, index_dir, caplog):
    make_case(case_index, "谈话案例", facts="<p>个别谈话。</p>")
    (index_dir / CURRENT_FILE).write_text("../../etc\n")
    with caplog.at_level(logging.WARNING, logger="search.backend"):
        assert titles(CasePage.objects.search("谈话")) == ["谈话案例"]  # from the database
    assert any("update_index" in r.getMessage() for r in caplog.records)

    (index_dir / CURRENT_FILE).write_text("../../etc\n")
    (index_dir / "REBUILD_REQUESTED").unlink(missing_ok=True)
    make_case(case_index, "新谈话案例", facts="<p>谈话。</p>")  # no fresh partial index: a full rebuild
    assert sorted(titles(CasePage.objects.search("谈话"))) == ["新谈话案例", "谈话案例"]
