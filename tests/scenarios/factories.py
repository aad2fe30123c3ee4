"""Scenario pages for the tests: a small valid graph unless a test gives its own steps."""

import factory
import wagtail_factories

from scenarios.models import ScenarioIndexPage, ScenarioPage
from tests.factories import home_page


def choice(label, *, points=0, leads_to="", ending="", note="", rule="依据：示例规则。", article=None):
    return {
        "label": label,
        "consequence": f"选择“{label}”之后的结果。",
        "rule": rule,
        "article": article,
        "points": points,
        "leads_to": leads_to,
        "ending": ending,
        "ending_note": note,
    }


def small_steps() -> list[tuple[str, dict]]:
    """start ─A(+10)→ lead ─C(+5)→ good end; start ─B(-20)→ red line (泄露); lead ─D(-5)→ start (a loop)."""
    return [
        (
            "step",
            {
                "key": "start",
                "situation": "第一步的情景。",
                "choices": [
                    choice("甲：正确做法", points=10, leads_to="lead"),
                    choice("乙：泄露", points=-20, ending="red_leak", note="把线索告诉了被巡察单位。"),
                ],
            },
        ),
        (
            "lead",
            {
                "key": "lead",
                "situation": "登记这条练习线索。",
                "choices": [
                    choice("丙：报告组长", points=5, ending="good", note="顺利完成。"),
                    choice("丁：回到开头", points=-5, leads_to="start"),
                ],
            },
        ),
    ]


class ScenarioIndexPageFactory(wagtail_factories.PageFactory):
    title = "情景演练"
    slug = "scenarios"
    show_in_menus = True
    parent = factory.LazyFunction(home_page)

    class Meta:
        model = ScenarioIndexPage


class ScenarioPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"测试情景{n}")
    slug = factory.Sequence(lambda n: f"scenario-{n}")
    intro = "一个测试用的情景。"
    trains = "练习处置。"
    steps = factory.LazyFunction(small_steps)
    parent = factory.SubFactory(ScenarioIndexPageFactory)

    class Meta:
        model = ScenarioPage


def choice_id(scenario: ScenarioPage, step_key: str, label_prefix: str) -> str:
    """The id of a choice of a step, as the run page posts it."""
    scenario = ScenarioPage.objects.get(pk=scenario.pk)
    step, _ = scenario.step(step_key)
    return next(c.id for c in step.value["choices"].bound_blocks if c.value["label"].startswith(label_prefix))


LEAD = {
    "source": "interview",
    "subject": "某局干部丙（化名）",
    "problem": "反映其违规报销（练习）。",
    "category": "integrity",
    "checkability": "some",
    "disposition": "keep_learning",
}
