"""Scoring of every question type, on plain answer keys (no database)."""

from decimal import Decimal

import pytest

from quizzes.models import QuestionKind, Scoring
from quizzes.scoring import AnswerKey, blank_count, clean_response, normalise_blank, score

SINGLE = AnswerKey(
    kind=QuestionKind.SINGLE,
    points=2,
    scoring="all",
    choice_ids=frozenset({1, 2, 3}),
    correct_choice_ids=frozenset({2}),
)


def multiple(scoring: str) -> AnswerKey:
    return AnswerKey(
        kind=QuestionKind.MULTIPLE,
        points=3,
        scoring=scoring,
        choice_ids=frozenset({1, 2, 3, 4}),
        correct_choice_ids=frozenset({1, 2, 3}),
    )


def test_single_choice_right_and_wrong():
    assert score(SINGLE, {"choices": [2]}) == (Decimal("2.00"), True)
    assert score(SINGLE, {"choices": [1]}) == (Decimal(0), False)
    assert score(SINGLE, None) == (Decimal(0), False)


@pytest.mark.parametrize(
    ("chosen", "expected"),
    [
        ([1, 2, 3], Decimal("3.00")),
        ([1, 2], Decimal("2.00")),
        ([1], Decimal("1.00")),
        ([1, 2, 4], Decimal("1.00")),  # two right minus one wrong
        ([1, 2, 3, 4], Decimal("2.00")),
        ([4], Decimal("0.00")),
    ],
)
def test_multiple_choice_partial_credit(chosen, expected):
    awarded, correct = score(multiple(Scoring.PARTIAL), {"choices": chosen})
    assert awarded == expected
    assert correct is (chosen == [1, 2, 3])


def test_multiple_choice_all_or_nothing():
    key = multiple(Scoring.ALL_OR_NOTHING)
    assert score(key, {"choices": [1, 2, 3]}) == (Decimal("3.00"), True)
    assert score(key, {"choices": [1, 2]}) == (Decimal(0), False)


def test_true_false_accepts_form_strings():
    key = AnswerKey(kind=QuestionKind.TRUE_FALSE, points=1, scoring="all", true_false=False)
    assert score(key, clean_response(key, {"value": "false"})) == (Decimal("1.00"), True)
    assert score(key, clean_response(key, {"value": "true"})) == (Decimal(0), False)
    assert clean_response(key, {"value": "maybe"}) is None


def test_fill_blank_variants_and_normalisation():
    key = AnswerKey(
        kind=QuestionKind.FILL_BLANK,
        points=2,
        scoring=Scoring.PARTIAL,
        blanks=((normalise_blank("一把手"), normalise_blank("主要负责人")), (normalise_blank("ABC"),)),
    )
    assert score(key, {"blanks": [" 主要负责人。", "ａｂｃ"]}) == (Decimal("2.00"), True)
    assert score(key, {"blanks": ["一把手", "xyz"]}) == (Decimal("1.00"), False)
    all_or_nothing = AnswerKey(kind=key.kind, points=2, scoring=Scoring.ALL_OR_NOTHING, blanks=key.blanks)
    assert score(all_or_nothing, {"blanks": ["一把手", "xyz"]}) == (Decimal(0), False)


def test_essay_is_left_to_a_marker():
    key = AnswerKey(kind=QuestionKind.ESSAY, points=5, scoring="all")
    assert score(key, {"text": "我的回答"}) == (Decimal(0), None)


def test_option_ids_of_another_question_are_dropped():
    assert clean_response(SINGLE, {"choices": ["99", "x", 2]}) == {"choices": [2]}
    assert clean_response(SINGLE, {"choices": ["99"]}) is None
    # A single-choice question keeps one option even if the form sends several.
    assert len(clean_response(SINGLE, {"choices": [1, 2]})["choices"]) == 1


def test_blank_count_reads_ascii_and_full_width_markers():
    assert blank_count("巡察组由____和____组成，＿＿＿负责") == 3
