"""The three demo scenarios, loaded through their loader: valid, the promised shape, and the demo run played."""

import pytest

from core import roles
from fixtures.demo.scenarios import DEMO_LEAD
from fixtures.scenarios_loader import load_demo_scenarios
from scenarios.blocks import step_shapes
from scenarios.endings import RED_LINES
from scenarios.models import ScenarioPage, ScenarioRun
from scenarios.validation import scenario_problems
from tests.factories import RegulationArticleFactory, RegulationIndexPageFactory, RegulationPageFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def regulation():
    edition = RegulationPageFactory(parent=RegulationIndexPageFactory())
    for number in range(1, 47):
        RegulationArticleFactory(regulation=edition, number=number)
    return edition


def test_the_demo_scenarios_load_valid_and_the_demo_trainee_has_a_finished_run(regulation):
    trainee = UserFactory(username="xueyuan", role=roles.TRAINEE)
    report = load_demo_scenarios(regulation=regulation)
    assert report == ["scenario section", "3 scenarios", "a finished scenario run for xueyuan"]

    pages = list(ScenarioPage.objects.live().order_by("path"))
    assert [p.slug for p in pages] == ["lead-arrives", "scripted-answers", "favours"]
    block = ScenarioPage._meta.get_field("steps").stream_block
    for page in pages:
        assert scenario_problems(step_shapes(page.steps)) == [], page.slug
        block.clean(page.steps)  # what the admin would run on save: no error
        endings = {c["ending"] for child in page.steps for c in child.value["choices"] if c["ending"]}
        assert 5 <= len(page.steps) <= 8 and "good" in endings and endings & RED_LINES, page.slug
        assert all(c.id for child in page.steps for c in child.value["choices"].bound_blocks)
    lead_arrives = pages[0]
    assert [child.block_type for child in lead_arrives.steps].count("lead") == 1
    kinds = {c["ending"] for child in lead_arrives.steps for c in child.value["choices"]}
    assert {"red_investigation", "red_evidence"} <= kinds
    assert {"red_promise", "red_leak"} <= {c["ending"] for child in pages[1].steps for c in child.value["choices"]}
    assert "red_leak" in {c["ending"] for child in pages[2].steps for c in child.value["choices"]}

    run = ScenarioRun.objects.get(user=trainee)
    assert run.completed and run.score == 60 and run.steps.count() == 6
    assert run.steps.get(step_key="register").lead == DEMO_LEAD

    assert load_demo_scenarios(regulation=regulation) == []
    assert ScenarioPage.objects.count() == 3 and ScenarioRun.objects.count() == 1
