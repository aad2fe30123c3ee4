"""search.scoring scores every match as Whoosh's own collector does; the kept searcher stays fresh."""

from __future__ import annotations

import pytest
from whoosh import query as wq

from search import whoosh_internals as internals
from search.index_store import IndexStore
from search.scoring import doc_pks, model_docs, score_all

DOCS = [
    ("a", "cases.casepage wagtailcore.page", "个别谈话要点", "", "巡察组进驻后开展个别谈话，谈话由两人进行。"),
    ("b", "cases.casepage wagtailcore.page", "选人用人问题", "选人用人", "巡察组发现选人用人把关不严，督促整改。"),
    ("c", "regulations.regulationarticle", "", "第十条", "巡察组发现的问题线索，按规定移交。整改不到位的，约谈。"),
    ("d", "regulations.regulationarticle", "", "第十一条", "进驻以后，巡察组调阅会议记录，发现问题线索。"),
    ("e", "guides.interviewguidepage wagtailcore.page", "与一把手谈话", "谈话提纲", "主要负责人履行主体责任情况。"),
]


def document(key, content_types, title, boosted, body):
    return {
        "key": f"t:{key}",
        "pk": key,
        "content_types": content_types,
        "title": title,
        "boosted": boosted,
        "body": body,
    }


def add(store: IndexStore, docs, delete=()) -> None:
    """One commit without merging, so each call leaves its own segment (and its deletions)."""
    writer = store.open_generation(store.ensure_current()).writer(timeout=10)
    for key in delete:
        writer.delete_by_term("key", f"t:{key}")
    for doc in docs:
        writer.update_document(**document(*doc))
    writer.commit(merge=False)


def fields(word):
    return wq.Or([wq.Term(field, word) for field in ("title", "boosted", "body")])


QUERIES = [
    wq.Term("body", "巡察组"),
    fields("谈话"),
    fields("谈话").with_boost(2.5),
    wq.And([fields("巡察组"), fields("整改")]),
    wq.AndMaybe(
        wq.And([fields("巡察组"), fields("进驻")]),
        wq.Or([wq.Phrase(field, ["巡察组", "进驻"]) for field in ("title", "boosted", "body")]).with_boost(2.0),
    ),
    wq.Phrase("body", ["发现", "问题线索"]),
    wq.Phrase("body", ["问题线索", "发现"]),  # the words in the other order are not the phrase
    wq.Or([fields("一把手"), wq.Or([wq.Phrase(f, ["主要", "负责人"]) for f in ("title", "body")])]),
    wq.And([fields("巡察组"), wq.Not(fields("整改"))]),
    wq.Every(),
    wq.Term("body", "不存在的词"),
    wq.NullQuery,
]


@pytest.fixture
def store(tmp_path):
    store = IndexStore(tmp_path / "index", write_timeout=10)
    add(store, DOCS[:3])
    add(store, DOCS[3:], delete=["b"])  # a second segment, and a deletion in the first
    add(store, [("b", *DOCS[1][1:])])  # b again, as an edit leaves it
    return store


def whoosh_scores(searcher, q) -> dict[int, float]:
    if q is wq.NullQuery:
        return {}
    return {hit.docnum: hit.score for hit in searcher.search(q, limit=None)}


@pytest.mark.parametrize("q", QUERIES, ids=str)
def test_scores_are_whooshs_own(store, q):
    with store.searcher() as searcher:
        assert len(searcher.leaf_searchers()) > 1
        expected = whoosh_scores(searcher, q)
        found = score_all(searcher, q)
    assert found.keys() == expected.keys()
    for docnum, score in expected.items():
        assert found[docnum] == pytest.approx(score, rel=1e-9)


def test_phrase_needs_adjacent_words_in_order(store):
    def found(*words):
        with store.searcher() as searcher:
            pks = doc_pks(searcher)
            return {pks[d] for d in score_all(searcher, wq.Phrase("body", list(words)))}

    assert found("巡察组", "发现") == {"b", "c"}
    assert found("发现", "问题线索") == {"d"}  # c has 的 between them
    assert found("问题线索", "发现") == set()


def test_model_documents_and_pks_across_segments(store):
    with store.searcher() as searcher:
        pks = doc_pks(searcher)
        live = score_all(searcher, wq.Every()).keys()
        cases = {pks[d] for d in model_docs(searcher, "cases.casepage") if d in live}
        pages = {pks[d] for d in model_docs(searcher, "wagtailcore.page") if d in live}
        articles = {pks[d] for d in model_docs(searcher, "regulations.regulationarticle") if d in live}
    assert cases == {"a", "b"}
    assert pages == {"a", "b", "e"}
    assert articles == {"c", "d"}


def test_the_kept_searcher_sees_writes_and_deletions(store):
    def found(word):
        with store.searcher() as searcher:
            pks = doc_pks(searcher)
            return {pks[d] for d in score_all(searcher, fields(word))}

    assert found("谈话") == {"a", "e"}
    with store.searcher() as first:
        pass
    with store.searcher() as again:
        assert again is first  # nothing changed: the same searcher
    add(store, [("a", "cases.casepage wagtailcore.page", "公车私用", "", "违规使用公务用车。")])
    assert found("谈话") == {"e"}  # the edited document's old text is gone
    assert found("公务用车") == {"a"}
    store.write(delete_keys=["t:e"])
    assert found("谈话") == set()
    store.optimize()
    assert found("公务用车") == {"a"}


PHRASE_QUERIES = [
    wq.AndMaybe(
        wq.And([fields("巡察组"), fields("发现")]),
        wq.Or([wq.Phrase(field, ["巡察组", "发现"]) for field in ("title", "boosted", "body")]).with_boost(2.0),
    ),
    wq.AndMaybe(fields("谈话"), wq.Phrase("body", ["个别", "谈话"]).with_boost(2.0)),
    wq.AndMaybe(fields("问题线索"), wq.Phrase("body", ["发现", "问题线索"]).with_boost(2.0)),
]


@pytest.mark.parametrize("q", PHRASE_QUERIES, ids=str)
def test_one_pass_with_the_phrase_left_for_later_gives_whooshs_scores_and_order(store, q):
    from search.ranking import LazyOrder, by_upper
    from search.scoring import score_deferred

    with store.searcher() as searcher:
        expected = whoosh_scores(searcher, q)
        deferred = score_deferred(searcher, q)
        assert deferred.exact.keys() == expected.keys()
        resolved = deferred.resolve(list(expected))
        for docnum, score in expected.items():
            assert resolved[docnum] == pytest.approx(score, rel=1e-9)
            assert deferred.upper(docnum) >= score - 1e-9  # the bound never undercuts
        order = list(LazyOrder(score_deferred(searcher, q), by_upper(deferred)))
    assert order == sorted(expected, key=lambda d: (-expected[d], d))


def test_an_and_reads_only_the_posting_blocks_its_rarest_word_leaves(tmp_path, monkeypatch):
    store = IndexStore(tmp_path / "index", write_timeout=10)
    writer = store.open_generation(store.ensure_current()).writer(timeout=10)
    for n in range(400):  # 巡察组 in four posting blocks of 128
        body = f"巡察组 谈话 第{n}次" + (" 督促整改" if n in (7, 350) else "")
        writer.add_document(**document(str(n), "t", "", "", body))
    writer.commit()
    read = []
    every_block = internals.blocks

    def counting(matcher, within=None, values=False):
        for block in every_block(matcher, within, values):
            read.append(len(block[0]))
            yield block

    monkeypatch.setattr(internals, "blocks", counting)
    common_first = wq.And([fields("巡察组"), fields("整改")])
    with store.searcher() as searcher:
        found = score_all(searcher, common_first)
        assert found == pytest.approx(whoosh_scores(searcher, common_first)) and set(found) == {7, 350}
        # 整改's one block, then of 巡察组's four only those holding 7 (the first) and 350 (the third).
        assert read == [2, 128, 128]
        read.clear()
        absent = wq.And([fields("巡察组"), fields("谈话"), fields("不存在的词")])
        assert score_all(searcher, absent) == {}
        assert read == []  # the absent word is looked at first: nothing else is read
