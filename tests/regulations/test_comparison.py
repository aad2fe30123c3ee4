"""Edition comparison: pure Python, no database."""

import pytest

from regulations import comparison
from regulations.comparison import (
    ArticleChange,
    ArticleText,
    ChangeKind,
    compare_editions,
    inline_diff_html,
    summarize,
)
from regulations.numerals import article_label

A = "为了规范巡察工作，加强党内监督，根据有关规定，制定本办法。"
B = "县委对巡察工作负主体责任，县委书记是巡察工作第一责任人。"
C = "巡察组应当严格遵守工作纪律，不得干预被巡察党组织的正常工作。"
D = "被巡察党组织应当在收到巡察反馈意见后两个月内报送整改情况。"
E = "巡察机构应当建立巡察工作档案，做好资料的归档和保管工作。"
F = "巡察组可以采取个别谈话、受理信访、调阅资料等方式开展工作。"
# Shares almost no wording with B: a rewrite, not an amendment.
B_REWRITTEN = "本办法由县委巡察办负责解释，自印发之日起施行。"
BOILERPLATE = "前款规定的期限，因特殊情况可以适当延长。"


def edition(*texts: str) -> list[ArticleText]:
    """Articles numbered 1..n; key is "<number>:<first chars>" to trace pairing."""
    return [ArticleText(n, article_label(n), text, key=f"{n}:{text[:4]}") for n, text in enumerate(texts, start=1)]


def walk(changes: list[ArticleChange]) -> list[tuple[str, int | None, int | None]]:
    """(kind, old number, new number) per change, for compact order assertions."""
    return [
        (change.kind.value, change.old.number if change.old else None, change.new.number if change.new else None)
        for change in changes
    ]


def test_identical_editions_are_all_unchanged():
    old, new = edition(A, B, C), edition(A, B, C)
    changes = compare_editions(old, new)
    assert walk(changes) == [("unchanged", 1, 1), ("unchanged", 2, 2), ("unchanged", 3, 3)]
    for change, before, after in zip(changes, old, new, strict=True):
        assert change.old is before and change.new is after
        assert change.similarity == 1.0
        assert change.diff_html == after.text


def test_whitespace_only_differences_are_unchanged():
    # Full-width indentation (U+3000) and re-wrapped lines are layout, not content.
    wrapped = "县委对巡察工作负主体责任，\n县委书记是巡察工作第一责任人。"
    old = edition("　　" + A + "  ", "县委对巡察工作负主体责任，　 \n\n　　县委书记是巡察工作第一责任人。")
    new = edition(A, wrapped)
    changes = compare_editions(old, new)
    assert [c.kind for c in changes] == [ChangeKind.UNCHANGED, ChangeKind.UNCHANGED]
    assert changes[1].diff_html == wrapped  # the new text, untouched
    # Whitespace is collapsed, not removed: joining two lines is a change.
    assert compare_editions(edition(wrapped), edition(B))[0].kind == ChangeKind.CHANGED


def test_inserted_article_shifts_later_ones_as_renumbered():
    changes = compare_editions(edition(A, B, C, D), edition(A, F, B, C, D))
    assert walk(changes) == [
        ("unchanged", 1, 1),
        ("added", None, 2),
        ("renumbered", 2, 3),
        ("renumbered", 3, 4),
        ("renumbered", 4, 5),
    ]
    assert changes[1].diff_html == F
    assert changes[1].similarity == 0.0
    assert changes[2].old.label == "第二条" and changes[2].new.label == "第三条"
    assert changes[2].diff_html == B


def test_deleted_article_is_placed_where_it_was_and_later_ones_renumbered():
    changes = compare_editions(edition(A, B, C, D), edition(A, C, D))
    assert walk(changes) == [
        ("unchanged", 1, 1),
        ("removed", 2, None),
        ("renumbered", 3, 2),
        ("renumbered", 4, 3),
    ]
    removed = changes[1]
    assert removed.old.text == B and removed.new is None
    assert removed.diff_html == B
    assert removed.similarity == 0.0


def test_deleted_first_articles_come_first_in_old_order():
    changes = compare_editions(edition(A, B, C, D), edition(C, D))
    assert walk(changes) == [
        ("removed", 1, None),
        ("removed", 2, None),
        ("renumbered", 3, 1),
        ("renumbered", 4, 2),
    ]


def test_reworded_article_is_changed_with_inline_diff():
    reworded = "巡察组应当严格遵守工作纪律，不得干预被巡察单位的正常工作。"
    changes = compare_editions(edition(A, C), edition(A, reworded))
    assert walk(changes) == [("unchanged", 1, 1), ("changed", 2, 2)]
    change = changes[1]
    assert change.kind.label == "修改"
    assert change.diff_html == "巡察组应当严格遵守工作纪律，不得干预被巡察<del>党组织</del><ins>单位</ins>的正常工作。"
    # 27 shared characters out of 30 + 29.
    assert change.similarity == pytest.approx(2 * 27 / 59)


def test_reworded_and_moved_article_is_renumbered_changed():
    amended = "被巡察党组织应当在收到巡察反馈意见后三十日内报送整改情况。"
    changes = compare_editions(edition(A, B, D), edition(F, A, B, amended))
    assert walk(changes) == [
        ("added", None, 1),
        ("renumbered", 1, 2),
        ("renumbered", 2, 3),
        ("renumbered_changed", 3, 4),
    ]
    change = changes[3]
    assert change.kind.label == "条序调整并修改"
    assert change.diff_html == "被巡察党组织应当在收到巡察反馈意见后<del>两个月</del><ins>三十日</ins>内报送整改情况。"
    assert 0.55 <= change.similarity < 1.0


def test_rewritten_article_with_same_number_is_removed_and_added():
    changes = compare_editions(edition(A, B, C), edition(A, B_REWRITTEN, C))
    # The reader sees the old 第二条 struck out, then the new 第二条.
    assert walk(changes) == [
        ("unchanged", 1, 1),
        ("removed", 2, None),
        ("added", None, 2),
        ("unchanged", 3, 3),
    ]


def test_threshold_decides_between_changed_and_removed_added():
    reworded = "县委对巡察工作负全面领导责任，县委书记是巡察工作第一责任人。"
    assert [c.kind for c in compare_editions(edition(B), edition(reworded))] == [ChangeKind.CHANGED]
    strict = compare_editions(edition(B), edition(reworded), threshold=0.99)
    assert [c.kind for c in strict] == [ChangeKind.REMOVED, ChangeKind.ADDED]
    with pytest.raises(ValueError):
        compare_editions(edition(B), edition(B), threshold=1.5)


def test_duplicate_texts_are_paired_in_order():
    old = edition(A, BOILERPLATE, B, BOILERPLATE)
    new = edition(A, BOILERPLATE, F, B, BOILERPLATE)
    changes = compare_editions(old, new)
    assert walk(changes) == [
        ("unchanged", 1, 1),
        ("unchanged", 2, 2),
        ("added", None, 3),
        ("renumbered", 3, 4),
        ("renumbered", 4, 5),
    ]
    assert changes[1].old.key == "2:前款规定" and changes[4].old.key == "4:前款规定"


def test_best_ratio_wins_even_when_farther_away():
    target = "巡察组应当在巡察结束后十个工作日内形成巡察报告。"
    close_but_weaker = "巡察组应当在巡视结束后七个工作日内形成巡视报告。"
    far_but_stronger = "巡察组应当在巡察结束后七个工作日内形成巡察报告。"
    changes = compare_editions(edition(close_but_weaker, A, far_but_stronger), edition(target, A))
    assert walk(changes) == [
        ("removed", 1, None),
        ("renumbered_changed", 3, 1),
        ("unchanged", 2, 2),
    ]


@pytest.mark.parametrize(("target_position", "expected_partner"), [(0, 1), (1, 2)])
def test_equal_ratios_go_to_the_closest_position(target_position, expected_partner):
    target = "巡察组应当在巡察结束后十个工作日内形成巡察报告。"
    # One substituted character each, so both have the same ratio to target.
    first = "巡察组应当在巡察结束后七个工作日内形成巡察报告。"
    second = "巡察组应当在巡察结束后十个工作日内形成巡视报告。"
    new_texts = [A, A]
    new_texts[target_position] = target
    changes = compare_editions(edition(first, second), edition(*new_texts))
    paired = [c for c in changes if c.old and c.new]
    assert [c.old.number for c in paired] == [expected_partner]
    assert paired[0].new.text == target


def test_html_in_text_is_escaped_everywhere():
    script = "违反本条规定的<script>alert(1)</script>，依照“A&B”处理。"
    edited = "违反本条规定的<script>alert(2)</script>，依照“A&B”处理。"
    kept = "<b>巡察</b>工作应当实事求是。"
    added = "<u>新增</u>巡察对象包括村（社区）党组织。"
    changes = compare_editions(edition(kept, script, "<i>旧</i>条文已删除。"), edition(kept, edited, added))
    kinds = [c.kind for c in changes]
    assert kinds == [ChangeKind.UNCHANGED, ChangeKind.CHANGED, ChangeKind.REMOVED, ChangeKind.ADDED]
    assert changes[0].diff_html == "&lt;b&gt;巡察&lt;/b&gt;工作应当实事求是。"
    assert changes[1].diff_html == (
        "违反本条规定的&lt;script&gt;alert(<del>1</del><ins>2</ins>)&lt;/script&gt;，依照“A&amp;B”处理。"
    )
    assert changes[2].diff_html == "&lt;i&gt;旧&lt;/i&gt;条文已删除。"
    assert changes[3].diff_html == "&lt;u&gt;新增&lt;/u&gt;巡察对象包括村（社区）党组织。"
    for change in changes:
        assert "<script>" not in change.diff_html and "<i>" not in change.diff_html and "<u>" not in change.diff_html


def test_order_follows_new_edition_with_removals_in_place():
    reworded_d = "被巡察党组织应当在收到巡察反馈意见后三十日内报送整改情况。"
    changes = compare_editions(edition(A, B, C, D, E), edition(B, F, reworded_d, C))
    assert walk(changes) == [
        ("removed", 1, None),  # nothing survived before 第一条
        ("renumbered", 2, 1),
        ("added", None, 2),
        ("renumbered_changed", 4, 3),
        ("removed", 5, None),  # after 第四条, the last surviving article before it
        ("renumbered", 3, 4),
    ]


def test_summarize_counts_every_kind():
    reworded_c = "巡察组应当严格遵守工作纪律，不得干预被巡察单位的正常工作。"
    amended_d = "被巡察党组织应当在收到巡察反馈意见后三十日内报送整改情况。"
    changes = compare_editions(edition(A, B, C, D, E), edition(A, reworded_c, F, amended_d, B_REWRITTEN, E))
    assert walk(changes) == [
        ("unchanged", 1, 1),
        ("removed", 2, None),
        ("renumbered_changed", 3, 2),
        ("added", None, 3),
        ("changed", 4, 4),
        ("added", None, 5),
        ("renumbered", 5, 6),
    ]
    counts = summarize(changes)
    assert list(counts) == list(ChangeKind)
    assert counts == {
        ChangeKind.UNCHANGED: 1,
        ChangeKind.CHANGED: 1,
        ChangeKind.RENUMBERED: 1,
        ChangeKind.RENUMBERED_CHANGED: 1,
        ChangeKind.ADDED: 2,
        ChangeKind.REMOVED: 1,
    }
    assert summarize([]) == dict.fromkeys(ChangeKind, 0)


def test_keys_pass_through_untouched():
    marker = object()
    old = [ArticleText(1, "第一条", A, key=marker)]
    new = [ArticleText(1, "第一条", A, key={"pk": 7})]
    (change,) = compare_editions(old, new)
    assert change.old.key is marker and change.new.key == {"pk": 7}


def test_change_kind_values_and_chinese_labels():
    assert {kind.value: kind.label for kind in ChangeKind} == {
        "unchanged": "未改动",
        "changed": "修改",
        "renumbered": "条序调整",
        "renumbered_changed": "条序调整并修改",
        "added": "新增",
        "removed": "删除",
    }
    assert ChangeKind("renumbered") == "renumbered"


def test_large_rewrite_compares_only_within_a_window(monkeypatch):
    old_texts = [f"{article_label(n)}所列事项由县委巡察办负责办理，结果报领导小组备案。" for n in range(1, 9)]
    new_texts = [text.replace("负责办理", "统一办理") for text in old_texts]
    # Every article amended and the first one moved to the end.
    new_texts = new_texts[1:] + new_texts[:1]
    old, new = edition(*old_texts), edition(*new_texts)

    # Few unmatched pairs: everything is compared, so the move is found.
    assert 8 * 8 <= comparison._FULL_SCAN_MAX_PAIRS
    full = compare_editions(old, new)
    assert summarize(full)[ChangeKind.RENUMBERED_CHANGED] == 8
    assert all(c.old.text.replace("负责办理", "统一办理") == c.new.text for c in full)

    # Shrink the budget so these editions count as a wholesale rewrite: the
    # move (7 positions) is now beyond the window and reads as removed + added.
    monkeypatch.setattr(comparison, "_FULL_SCAN_MAX_PAIRS", 8 * 8 - 1)
    monkeypatch.setattr(comparison, "_WINDOW", 2)
    counts = summarize(compare_editions(old, new))
    assert counts[ChangeKind.RENUMBERED_CHANGED] == 7
    assert counts[ChangeKind.REMOVED] == counts[ChangeKind.ADDED] == 1


class TestInlineDiff:
    def test_identical_text_is_only_escaped(self):
        assert inline_diff_html("甲<乙>", "甲<乙>") == "甲&lt;乙&gt;"

    def test_short_equal_run_between_edits_is_merged_into_one_phrase(self):
        # 在 is shared by chance; splitting on it would show 应当/必须 and 三/五 apart.
        assert (
            inline_diff_html("被巡察党组织应当在三日内报送材料。", "被巡察党组织必须在五日内报送材料。")
            == "被巡察党组织<del>应当在三</del><ins>必须在五</ins>日内报送材料。"
        )

    def test_insertion_and_deletion_only(self):
        assert inline_diff_html("县级以上人民政府", "县级以上地方人民政府") == "县级以上<ins>地方</ins>人民政府"
        assert inline_diff_html("应当及时报告", "应当报告") == "应当<del>及时</del>报告"
        assert inline_diff_html("", "新增条文") == "<ins>新增条文</ins>"
        assert inline_diff_html("删除条文", "") == "<del>删除条文</del>"

    def test_newlines_are_kept_and_not_absorbed(self):
        old = "县委对巡察工作负主体责任。\n甲"
        new = "县委对巡察工作负主体责任。\n乙\n县委书记是第一责任人。"
        expected = "县委对巡察工作负主体责任。\n<del>甲</del><ins>乙\n县委书记是第一责任人。</ins>"
        assert inline_diff_html(old, new) == expected
        assert inline_diff_html("第一款。\n第二款。", "第一款。\n第二款。\n第三款。") == (
            "第一款。\n第二款。<ins>\n第三款。</ins>"
        )
        # The lone "\n" between two edits stays outside them; the lone 予 does not.
        assert inline_diff_html("责令改正\n予以警告", "责令改正。\n给予警告") == (
            "责令改正<ins>。</ins>\n<del>予以</del><ins>给予</ins>警告"
        )

    def test_very_different_texts_are_replaced_whole(self):
        # A few chance matches (巡察, 。) would otherwise scatter the diff.
        old = "巡察组组长由县委确定。"
        new = "本办法自印发之日起施行，由巡察办负责解释。"
        assert inline_diff_html(old, new) == f"<del>{old}</del><ins>{new}</ins>"
