"""An editor writes a scenario in the Wagtail admin: an unplayable one is refused with the message on its step."""

import json

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, streamfield

from scenarios.models import ScenarioPage
from tests.factories import client_for
from tests.scenarios.factories import ScenarioIndexPageFactory

pytestmark = pytest.mark.django_db


def _choices(*items):
    return {
        "count": str(len(items)),
        **{str(n): {"deleted": "", "order": str(n), "id": "", "value": value} for n, value in enumerate(items)},
    }


def _choice(label, *, leads_to="", ending="", points="0"):
    return {
        "label": label,
        "consequence": "结果。",
        "rule": "依据。",
        "article": "",
        "points": points,
        "leads_to": leads_to,
        "ending": ending,
        "ending_note": "",
    }


def _form(second_step_target: str) -> dict:
    return nested_form_data(
        {
            "title": "编辑写的情景（测试）",
            "slug": "editor-scenario",
            "intro": "简介。",
            "trains": "训练什么。",
            "steps": streamfield(
                [
                    (
                        "step",
                        {
                            "key": "first",
                            "situation": "第一步。",
                            "choices": _choices(_choice("去第二步", leads_to="second", points="5")),
                        },
                    ),
                    (
                        "lead",
                        {
                            "key": "second",
                            "situation": "第二步：登记线索。",
                            "choices": _choices(
                                _choice("顺利完成", ending="good", points="10"),
                                _choice("走错了", leads_to=second_step_target),
                            ),
                        },
                    ),
                ]
            ),
        }
    )


def test_an_unplayable_scenario_is_refused_with_the_message_on_the_step(editor):
    index = ScenarioIndexPageFactory()
    client = client_for(editor)
    add_url = reverse("wagtailadmin_pages:add", args=("scenarios", "scenariopage", index.pk))
    assert client.get(add_url).status_code == 200

    response = client.post(add_url, _form(second_step_target="nowhere"))
    assert response.status_code == 200
    assert not ScenarioPage.objects.filter(slug="editor-scenario").exists()
    errors = response.context["form"].errors["steps"].as_data()[0]
    step_error = errors.block_errors[1]
    message = "第 2 步第 2 个选项指向“nowhere”，但没有哪一步用这个标识。"
    assert [str(e.message) for e in step_error.non_block_errors.as_data()] == [message]
    # The page hands it to the StreamField editor, on the second step's block.
    assert "{&quot;blockErrors&quot;: {&quot;1&quot;: {&quot;messages&quot;: [&quot;" + json.dumps(message)[1:-1] in (
        response.content.decode()
    )


def test_a_playable_scenario_is_saved(editor):
    index = ScenarioIndexPageFactory()
    client = client_for(editor)
    add_url = reverse("wagtailadmin_pages:add", args=("scenarios", "scenariopage", index.pk))
    response = client.post(add_url, _form(second_step_target="first"))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    page = ScenarioPage.objects.get(slug="editor-scenario")
    revision = page.get_latest_revision_as_object()
    keys = [(child.block_type, child.value["key"]) for child in revision.steps]
    assert keys == [("step", "first"), ("lead", "second")]
    assert all(c.id for child in revision.steps for c in child.value["choices"].bound_blocks)
