"""What the scenarios app holds about a person, for the privacy app: their runs and practice leads, and anonymising
what they typed."""

import pytest

from scenarios import api
from scenarios.services import choose, start_run
from tests.factories import UserFactory
from tests.scenarios.factories import LEAD, ScenarioPageFactory, choice_id

pytestmark = pytest.mark.django_db


def _finished_run(scenario, user):
    run = start_run(scenario=scenario, user=user)
    choose(run_id=run.pk, user=user, step_key="start", choice_id=choice_id(scenario, "start", "甲"))
    choose(run_id=run.pk, user=user, step_key="lead", choice_id=choice_id(scenario, "lead", "丙"), lead=LEAD)
    return run


def test_personal_records_hold_only_this_persons_runs_and_leads(trainee):
    scenario = ScenarioPageFactory(title="情景甲")
    _finished_run(scenario, trainee)
    _finished_run(scenario, UserFactory())
    sections = api.personal_records(user=trainee)
    assert [(row["情景"], row["结局"], row["得分"]) for row in sections["情景演练"]] == [("情景甲", "顺利完成", 15)]
    (lead,) = sections["线索登记练习"]
    assert lead["反映对象（化名）"] == "某局干部丙（化名）" and lead["拟处置方式"] == "继续了解"


def test_anonymising_replaces_the_typed_text_and_keeps_the_scores(trainee):
    scenario = ScenarioPageFactory()
    run = _finished_run(scenario, trainee)
    other = _finished_run(scenario, UserFactory())
    assert api.anonymise_person_data(user=trainee, placeholder="（已匿名）") == 1
    lead = run.steps.get(step_key="lead").lead
    assert (lead["subject"], lead["problem"], lead["disposition"]) == ("（已匿名）", "（已匿名）", "keep_learning")
    run.refresh_from_db()
    assert run.score == 15
    assert other.steps.get(step_key="lead").lead == LEAD
