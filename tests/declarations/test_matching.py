"""The rule that decides whether a declared unit is one the round inspects (see declarations.matching)."""

import pytest

from declarations.matching import names_match, normalise


@pytest.mark.parametrize(
    ("declared", "unit"),
    [
        ("城关镇人民政府", "城关镇人民政府"),
        ("城关镇", "城关镇人民政府"),  # 3 characters ending in 镇: a place name
        ("城关镇政府", "城关镇人民政府"),
        ("城关镇党委", "城关镇人民政府"),
        ("中共城关镇委员会", "城关镇人民政府"),
        ("城关镇", "某某县城关镇中心小学"),
        ("财政局", "某某县财政局"),
        ("县财政局", "某某县财政局"),
        ("某某县财政局", "县财政局"),  # either way round
        ("县纪委", "县纪委监委机关"),
        ("东风村", "东风村村民委员会"),
        ("东风村委会", "东风村"),
        ("县人民医院", "某某县人民医院"),
        ("城 关 镇（人民政府）", "城关镇人民政府"),
        ("ＸＸ县供销合作社", "xx县供销合作社"),
    ],
)
def test_names_that_mean_the_same_unit_match(declared, unit):
    assert names_match(declared, unit)


@pytest.mark.parametrize(
    ("declared", "unit"),
    [
        ("城关镇", "城关村"),
        ("县教育局", "县财政局"),
        ("财政局", "财政所"),
        ("人民政府", "城关镇人民政府"),  # a generic word names no unit
        ("中心小学", "城关镇中心小学"),
        ("卫生院", "城关镇卫生院"),
        ("办公室", "县委办公室"),
        ("城关", "城关镇人民政府"),  # two characters are too few
        ("农业", "县农业农村局"),
        ("东风镇", "东风村"),
        ("", "城关镇"),
        ("——", "城关镇"),
    ],
)
def test_different_or_too_vague_names_do_not_match(declared, unit):
    assert not names_match(declared, unit)


def test_normalising_drops_spaces_punctuation_and_width():
    assert normalise(" 城关镇（人民政府）· Ａ1 ") == "城关镇人民政府a1"
