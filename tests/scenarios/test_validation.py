"""The graph rules of scenarios.validation, each fault on its own, and the StreamField that applies them."""

import pytest
from wagtail.blocks.stream_block import StreamBlockValidationError

from scenarios.models import ScenarioPage
from scenarios.validation import ChoiceShape, StepShape, scenario_problems
from tests.scenarios.factories import choice, small_steps


def S(key, *choices):  # a step, short for the tables below
    return StepShape(key=key, choices=tuple(choices))


def to(key):
    return ChoiceShape(leads_to=key)


def end(kind="good"):
    return ChoiceShape(ending=kind)


VALID = [S("a", to("b"), end("red_leak")), S("b", to("a"), end())]


def messages(steps):
    return [(p.step, p.message) for p in scenario_problems(steps)]


def test_a_valid_scenario_has_no_problems():
    assert scenario_problems(VALID) == []


def test_a_loop_with_a_way_out_is_allowed():
    assert scenario_problems([S("a", to("b")), S("b", to("a"), to("c")), S("c", end())]) == []


def test_duplicate_key_points_at_the_second_step():
    problems = messages([S("a", to("b")), S("a", end()), S("b", end())])
    assert any(step == 1 and "“a”" in text and "第 1 步" in text for step, text in problems), problems


def test_empty_key():
    problems = messages([S("a", to("b")), S(" ", end()), S("b", end())])
    assert (1, "第 2 步没有填写标识。") in problems


def test_choice_leading_to_an_unknown_key():
    problems = scenario_problems([S("a", to("nowhere"), end())])
    assert [(p.step, p.choice) for p in problems] == [(0, 0)]
    assert "nowhere" in problems[0].message and "没有" in problems[0].message


def test_choice_with_neither_next_step_nor_ending_and_with_both():
    problems = scenario_problems([S("a", ChoiceShape(), ChoiceShape(leads_to="a", ending="good"))])
    assert [(p.step, p.choice) for p in problems] == [(0, 0), (0, 1)]


def test_step_without_choices():
    problems = messages([S("a", to("b"), end()), S("b")])
    assert problems == [(1, "第 2 步没有选项：请至少添加一个。")]


def test_step_no_path_reaches():
    problems = messages([S("a", end()), S("island", end())])
    assert len(problems) == 1 and problems[0][0] == 1 and "island" in problems[0][1] and "到达不了" in problems[0][1]


def test_loop_with_no_way_out():
    problems = messages([S("a", to("b"), end()), S("b", to("c")), S("c", to("b"))])
    assert [step for step, _ in problems] == [1, 2]
    assert all("无法到达任何结局" in text for _, text in problems)


def test_no_good_ending():
    problems = messages([S("a", end("red_leak"))])
    assert problems == [(None, "这个情景没有“顺利完成”的结局：至少要有一个选项以顺利完成结束。")]


def test_no_steps():
    assert [p.step for p in scenario_problems([])] == [None]


@pytest.mark.django_db
def test_the_steps_field_refuses_an_unknown_key_with_the_message_on_the_step():
    block = ScenarioPage._meta.get_field("steps").stream_block
    steps = small_steps()
    steps[1][1]["choices"].append(choice("戊：去不存在的一步", leads_to="missing"))
    with pytest.raises(StreamBlockValidationError) as raised:
        block.clean(block.to_python([{"type": t, "value": _raw(v)} for t, v in steps]))
    errors = raised.value.block_errors
    assert list(errors) == [1]
    assert "missing" in str(errors[1].non_block_errors.as_data()[0].message)


@pytest.mark.django_db
def test_the_steps_field_accepts_a_valid_scenario():
    block = ScenarioPage._meta.get_field("steps").stream_block
    value = block.clean(block.to_python([{"type": t, "value": _raw(v)} for t, v in small_steps()]))
    assert [child.value["key"] for child in value] == ["start", "lead"]


def _raw(step: dict) -> dict:
    return {**step, "choices": [{**c, "article": None} for c in step["choices"]]}
