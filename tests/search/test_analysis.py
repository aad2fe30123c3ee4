"""Chinese text analysis for the Whoosh search backend (no database needed)."""

from __future__ import annotations

import logging
import pickle
import threading

import pytest
from whoosh import index
from whoosh.fields import ID, TEXT, Schema
from whoosh.query import And, Or, Phrase, Term

from search.analysis import ChineseTokenizer, chinese_analyzer, query_terms
from search.dictionary import DOMAIN_WORDS_PATH, Segmenter, get_segmenter, load_words

# A word jieba does not know and the domain dictionary does not ship.
MADE_UP_WORD = "村务监督委员会"


def tokens(text, **kwargs):
    """(text, pos, startchar, endchar) for every token of the index- or query-mode analyzer."""
    mode = kwargs.pop("mode", "index")
    extra_words = kwargs.pop("extra_words", ())
    analyzer = chinese_analyzer(mode=mode, extra_words=extra_words)
    return [(t.text, t.pos, t.startchar, t.endchar) for t in analyzer(text, positions=True, chars=True, **kwargs)]


def texts(text, **kwargs):
    return [t[0] for t in tokens(text, **kwargs)]


def pos_of(toks, word):
    return {pos for text, pos, _, _ in toks if text == word}


# -- dictionary ---------------------------------------------------------------


def test_load_words_skips_comments_blanks_and_duplicates(tmp_path):
    path = tmp_path / "words.txt"
    path.write_text("\ufeff# 注释\n巡察\n\n  谈话  \n   # 缩进的注释\n巡察\n线索\n", encoding="utf-8")
    assert load_words(path) == ["巡察", "谈话", "线索"]


def test_shipped_domain_words():
    words = load_words(DOMAIN_WORDS_PATH)
    assert 60 <= len(words) <= 120
    for word in ("巡察", "巡察组", "一把手", "问题线索", "个别谈话", "三重一大", "中央八项规定", "立行立改"):
        assert word in words
    # One bare word per line: a space would mean a stray frequency or tag.
    assert all(len(word.split()) == 1 for word in words)


def test_segmenter_holds_domain_and_extra_words_with_stable_fingerprint():
    plain = get_segmenter()
    extended = get_segmenter((MADE_UP_WORD,))
    assert "问题线索" in plain.words
    assert MADE_UP_WORD not in plain.words
    assert MADE_UP_WORD in extended.words
    assert len(plain.fingerprint) == 64
    assert plain.fingerprint != extended.fingerprint
    # The fingerprint depends on the word set only, so every process agrees on it.
    assert Segmenter((MADE_UP_WORD,)).fingerprint == extended.fingerprint


def test_get_segmenter_is_cached_per_word_set():
    assert get_segmenter() is get_segmenter(())
    assert get_segmenter(("甲乙丙", "丁戊己")) is get_segmenter(("丁戊己", "甲乙丙", "甲乙丙"))
    assert get_segmenter(("甲乙丙",)) is not get_segmenter()


def test_precise_returns_character_spans():
    text = "巡察组开展个别谈话"
    words = get_segmenter().precise(text)
    assert [w for w, _, _ in words] == ["巡察组", "开展", "个别谈话"]
    assert all(text[start:end] == word for word, start, end in words)


def test_sub_words_are_dictionary_words_strictly_inside():
    segmenter = get_segmenter()
    assert ("谈话", 2) in segmenter.sub_words("个别谈话")
    assert ("个别", 0) in segmenter.sub_words("个别谈话")
    # Longer than 3 characters too, unlike jieba's search mode.
    assert ("从严治党", 2) in segmenter.sub_words("全面从严治党")
    assert all(sub != "全面从严治党" for sub, _ in segmenter.sub_words("全面从严治党"))
    assert all("全面从严治党"[offset : offset + len(sub)] == sub for sub, offset in segmenter.sub_words("全面从严治党"))
    assert segmenter.sub_words("谈话") == []
    assert segmenter.sub_words("") == []


@pytest.mark.parametrize(
    ("text", "word"),
    [
        # Each broke with a compound dictionary word that is deliberately not shipped.
        ("严格落实中央八项规定精神", "中央八项规定"),
        ("被巡察党组织书记是第一责任人", "党组织书记"),
        ("专项巡察组进驻后开展个别谈话", "巡察组"),
        ("整理个别谈话记录", "谈话"),
        ("立行立改，边巡边改", "立行立改"),
        ("村级低保评定优亲厚友", "优亲厚友"),
    ],
)
def test_domain_words_are_indexed_in_context(text, word):
    assert word in texts(text)


def test_extra_words_change_segmentation():
    text = f"{MADE_UP_WORD}对村级事务进行监督"
    assert MADE_UP_WORD not in [w for w, _, _ in get_segmenter().precise(text)]
    assert get_segmenter((MADE_UP_WORD,)).precise(text)[0] == (MADE_UP_WORD, 0, len(MADE_UP_WORD))
    assert texts(text, mode="query", extra_words=(MADE_UP_WORD,))[0] == MADE_UP_WORD
    assert MADE_UP_WORD not in texts(text, mode="query")


def test_lazy_initialisation_is_thread_safe():
    segmenter = Segmenter(("线程安全测试词",))
    barrier = threading.Barrier(8)
    results = []

    def work():
        barrier.wait()
        results.append(segmenter.precise("线程安全测试词出现在巡察报告中"))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 8
    assert all(result == results[0] for result in results)
    assert results[0][0] == ("线程安全测试词", 0, 7)


def test_jieba_logger_is_quiet():
    assert logging.getLogger("jieba").getEffectiveLevel() >= logging.WARNING


# -- tokenizer and analyzer ---------------------------------------------------


def test_index_mode_adds_sub_words_at_the_same_position():
    toks = tokens("巡察组开展个别谈话")
    assert pos_of(toks, "个别谈话") == {2}
    assert pos_of(toks, "谈话") == {2}
    assert pos_of(toks, "巡察组") == {0}
    assert pos_of(toks, "巡察") == {0}
    # Each token still carries its own character span.
    assert ("谈话", 2, 7, 9) in toks
    assert ("个别谈话", 2, 5, 9) in toks


def test_positions_count_words_not_characters():
    text = "巡察组将问题线索移交纪委监委。"
    toks = tokens(text)
    assert sorted({pos for _, pos, _, _ in toks}) == list(range(5))
    assert pos_of(toks, "移交") == {3}
    # The stock jieba analyzer would have used the character offset (8) here.
    assert ("移交", 3, 8, 10) in toks
    assert all(text[start:end] == word for word, _, start, end in toks)


def test_query_mode_has_no_sub_words():
    assert texts("巡察组开展个别谈话", mode="query") == ["巡察组", "开展", "个别谈话"]
    # Whoosh passes mode="query" when it parses a query: the index analyzer then behaves the same.
    assert texts("巡察组开展个别谈话", mode="index") != texts("巡察组开展个别谈话", mode="query")
    assert [t.text for t in chinese_analyzer()("巡察组开展个别谈话", mode="query")] == ["巡察组", "开展", "个别谈话"]


def test_punctuation_and_whitespace_are_dropped():
    text = "“一把手”：立行立改！巡察组（第一组）、《问题清单》——整改……？；【反馈】 , . \n"
    words = texts(text, mode="query")
    assert words == ["一把手", "立行立改", "巡察组", "第一组", "问题清单", "整改", "反馈"]
    # Positions stay consecutive across the dropped punctuation.
    assert [pos for _, pos, _, _ in tokens(text, mode="query")] == list(range(len(words)))


def test_latin_and_digits_are_lowercased_single_tokens():
    words = texts("使用Python3.11整理PDF文档，ＷＯＲＤ版共２０２４字", mode="query")
    assert "python3.11" in words
    assert "pdf" in words
    # Full-width letters and digits are folded to ASCII.
    assert "word" in words
    assert "2024" in words
    assert all(word == word.lower() for word in words)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # jieba alone gives WOR/D版 and ABC/D版/本: its dictionary has D版.
        ("WORD版说明", ["word", "版", "说明"]),
        ("ABCD版本", ["abcd", "版", "本"]),
        ("导出C盘和D盘文件", ["导出", "c盘", "和", "d盘", "文件"]),
        ("4S店", ["4s店"]),
    ],
)
def test_latin_runs_are_never_cut(text, expected):
    assert texts(text, mode="query") == expected


def test_start_pos_and_start_char_offsets():
    toks = tokens("个别谈话", start_pos=10, start_char=100)
    assert ("个别谈话", 10, 100, 104) in toks
    assert ("谈话", 10, 102, 104) in toks


def test_tokenize_false_yields_the_whole_value():
    toks = tokens("问题线索ABC", tokenize=False)
    assert toks == [("问题线索abc", 0, 0, 7)]


def test_keeporiginal_keeps_the_source_text():
    analyzer = chinese_analyzer(mode="query")
    assert [t.original for t in analyzer("ＰＤＦ文件", keeporiginal=True)] == ["ＰＤＦ", "文件"]


def test_empty_text_yields_nothing():
    assert texts("") == []
    assert texts(" ，。 ") == []


def test_invalid_mode_is_rejected():
    with pytest.raises(ValueError):
        ChineseTokenizer(mode="search")


def test_tokenizer_equality():
    assert ChineseTokenizer(mode="index") == ChineseTokenizer(mode="index")
    assert ChineseTokenizer(mode="index") != ChineseTokenizer(mode="query")
    assert ChineseTokenizer(mode="index", extra_words=("甲", "乙")) == ChineseTokenizer(
        mode="index", extra_words=("乙", "甲")
    )
    assert ChineseTokenizer(mode="index") != ChineseTokenizer(mode="index", extra_words=(MADE_UP_WORD,))
    assert chinese_analyzer() == chinese_analyzer()


def test_analyzer_pickles_and_still_works():
    analyzer = chinese_analyzer(extra_words=(MADE_UP_WORD,))
    restored = pickle.loads(pickle.dumps(analyzer))
    assert restored == analyzer
    tokenizer = restored.items[0]
    # Nothing heavy (no jieba state) travels with the schema.
    assert vars(tokenizer) == {"mode": "index", "extra_words": (MADE_UP_WORD,)}
    text = f"{MADE_UP_WORD}开展个别谈话"
    assert [t.text for t in restored(text)] == [t.text for t in analyzer(text)]
    assert MADE_UP_WORD in [t.text for t in restored(text)]


def test_query_terms():
    assert query_terms("问题线索清单") == ["问题线索", "清单"]
    assert query_terms("  一把手，整改！一把手 ") == ["一把手", "整改"]
    assert query_terms("The 巡察 REPORT") == ["the", "巡察", "report"]
    assert query_terms("，。？") == []
    assert query_terms(MADE_UP_WORD, extra_words=(MADE_UP_WORD,)) == [MADE_UP_WORD]


# -- end to end with a real Whoosh index --------------------------------------

DOCS = {
    "talk": "巡察组开展个别谈话，了解班子成员履职情况。",
    "talk-plain": "谈话前应当做好保密提醒，谈话结束后整理记录。",
    "handover": "巡察组将问题线索移交纪委监委依规处置。",
    "apart": "发现的问题线索较多，已按程序向有关部门移交。",
    "leader": "被巡察单位一把手要履行整改第一责任人职责。",
    "list": "巡察办汇总问题线索清单并报领导小组。",
    "village": "村级低保评定存在优亲厚友问题，扶贫资金管理不规范。",
    "visit": "巡察组成员查阅资料，走访暗访群众。",
}


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    path = tmp_path_factory.mktemp("whoosh")
    schema = Schema(id=ID(stored=True, unique=True), body=TEXT(analyzer=chinese_analyzer(), phrase=True))
    writer = index.create_in(path, schema).writer()
    for doc_id, body in DOCS.items():
        writer.add_document(id=doc_id, body=body)
    writer.commit()
    # Reopen, so the schema (and the analyzer in it) comes back from its pickle.
    with index.open_dir(path).searcher() as searcher:
        yield searcher


def found(searcher, query):
    return {hit["id"] for hit in searcher.search(query, limit=None)}


def test_term_finds_word_inside_longer_words(searcher):
    assert found(searcher, Term("body", "谈话")) == {"talk", "talk-plain"}
    assert found(searcher, Term("body", "个别谈话")) == {"talk"}
    assert found(searcher, Term("body", "线索")) == {"handover", "apart", "list"}
    assert found(searcher, Term("body", "一把手")) == {"leader"}
    assert found(searcher, Term("body", "扶贫")) == {"village"}


def test_phrase_from_query_terms(searcher):
    assert found(searcher, Phrase("body", query_terms("问题线索清单"))) == {"list"}


def test_phrase_requires_adjacent_words_in_order(searcher):
    # "apart" has both words, but not next to each other.
    assert found(searcher, And([Term("body", "问题线索"), Term("body", "移交")])) == {"handover", "apart"}
    assert found(searcher, Phrase("body", ["问题线索", "移交"])) == {"handover"}
    assert found(searcher, Phrase("body", ["移交", "问题线索"])) == set()


def test_phrase_through_a_sub_word(searcher):
    # 线索 sits at the position of 问题线索, so it is adjacent to 移交 too.
    assert found(searcher, Phrase("body", ["线索", "移交"])) == {"handover"}


def test_and_or_of_query_terms(searcher):
    terms = query_terms("巡察组 谈话")
    assert terms == ["巡察组", "谈话"]
    assert found(searcher, And([Term("body", t) for t in terms])) == {"talk"}
    assert found(searcher, Or([Term("body", t) for t in terms])) == {"talk", "talk-plain", "handover", "visit"}
