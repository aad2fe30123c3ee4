"""Playing a scenario through the services: branching, points, endings, refused choices, the lead form."""

import pytest

from scenarios.models import RunStep, ScenarioRun
from scenarios.services import LeadFormInvalid, ScenarioError, choose, start_run
from tests.factories import UserFactory
from tests.scenarios.factories import LEAD, ScenarioPageFactory, choice_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario():
    return ScenarioPageFactory()


def _choose(run, scenario, label, **kwargs):
    run.refresh_from_db()
    return choose(
        run_id=run.pk,
        user=run.user,
        step_key=run.current_step,
        choice_id=choice_id(scenario, run.current_step, label),
        **kwargs,
    )


def test_a_run_starts_at_the_first_step(scenario, trainee):
    run = start_run(scenario=scenario, user=trainee)
    assert (run.current_step, run.score, run.finished) == ("start", 0, False)


def test_a_choice_branches_to_its_step_and_adds_its_points(scenario, trainee):
    run = start_run(scenario=scenario, user=trainee)
    taken = _choose(run, scenario, "甲")
    run.refresh_from_db()
    assert (run.current_step, run.score) == ("lead", 10)
    assert (taken.position, taken.step_key, taken.points, taken.choice_label) == (1, "start", 10, "甲：正确做法")
    assert taken.consequence == "选择“甲：正确做法”之后的结果。" and taken.rule == "依据：示例规则。"


def test_negative_points_and_a_loop_back(scenario, trainee):
    run = start_run(scenario=scenario, user=trainee)
    _choose(run, scenario, "甲")
    _choose(run, scenario, "丁", lead=LEAD)
    run.refresh_from_db()
    assert (run.current_step, run.score, run.finished) == ("start", 5, False)


def test_a_red_line_ends_the_run_at_once_and_says_which_and_why(scenario, trainee):
    run = start_run(scenario=scenario, user=trainee)
    _choose(run, scenario, "乙")
    run.refresh_from_db()
    assert run.finished and not run.completed
    assert (run.ending, run.ending_note) == ("red_leak", "把线索告诉了被巡察单位。")
    assert (run.score, run.current_step) == (-20, "")
    with pytest.raises(ScenarioError, match="已经结束"):
        choose(run_id=run.pk, user=trainee, step_key="start", choice_id=choice_id(scenario, "start", "甲"))
    assert run.steps.count() == 1


def test_a_good_end_completes_the_run_with_the_total(scenario, trainee):
    run = start_run(scenario=scenario, user=trainee)
    _choose(run, scenario, "甲")
    _choose(run, scenario, "丙", lead=LEAD)
    run.refresh_from_db()
    assert run.completed and run.finished_at is not None and run.score == 15


def test_a_replayed_choice_for_a_step_already_passed_changes_nothing(scenario, trainee):
    run = start_run(scenario=scenario, user=trainee)
    first = choice_id(scenario, "start", "甲")
    choose(run_id=run.pk, user=trainee, step_key="start", choice_id=first)
    with pytest.raises(ScenarioError, match="已经走过"):
        choose(run_id=run.pk, user=trainee, step_key="start", choice_id=first)
    run.refresh_from_db()
    assert (run.current_step, run.score, run.steps.count()) == ("lead", 10, 1)


def test_a_forged_choice_from_another_step_is_refused_with_nothing_written(scenario, trainee):
    run = start_run(scenario=scenario, user=trainee)
    other_steps_choice = choice_id(scenario, "lead", "丙")  # the good ending, posted at the first step
    for forged in (other_steps_choice, "not-a-choice", ""):
        with pytest.raises(ScenarioError, match="不属于当前这一步"):
            choose(run_id=run.pk, user=trainee, step_key="start", choice_id=forged)
    run.refresh_from_db()
    assert (run.current_step, run.score, run.finished) == ("start", 0, False)
    assert not RunStep.objects.exists()


def test_someone_else_cannot_choose_in_my_run(scenario, trainee):
    run = start_run(scenario=scenario, user=trainee)
    with pytest.raises(ScenarioError):
        choose(run_id=run.pk, user=UserFactory(), step_key="start", choice_id=choice_id(scenario, "start", "甲"))
    assert not RunStep.objects.exists()


def test_the_lead_step_requires_every_field_and_stores_what_was_typed(scenario, trainee):
    run = start_run(scenario=scenario, user=trainee)
    _choose(run, scenario, "甲")
    incomplete = {**LEAD, "subject": "", "disposition": ""}
    with pytest.raises(LeadFormInvalid) as refused:
        _choose(run, scenario, "丙", lead=incomplete)
    assert refused.value.form.errors == {
        "subject": ["请填写“反映对象（化名）”。"],
        "disposition": ["请填写“拟处置方式”。"],
    }
    run.refresh_from_db()
    assert (run.current_step, run.steps.count()) == ("lead", 1)
    taken = _choose(run, scenario, "丙", lead=LEAD)
    assert taken.lead == LEAD
    assert RunStep.objects.get(run=run, position=2).lead["subject"] == "某局干部丙（化名）"


def test_a_double_tap_on_start_gives_one_run_and_restart_closes_the_old_one(scenario, trainee):
    first = start_run(scenario=scenario, user=trainee)
    assert start_run(scenario=scenario, user=trainee) == first
    assert start_run(scenario=scenario, user=trainee, restart=True) == first  # nothing played yet
    _choose(first, scenario, "甲")
    assert start_run(scenario=scenario, user=trainee) == first  # continue
    second = start_run(scenario=scenario, user=trainee, restart=True)
    first.refresh_from_db()
    assert second != first and first.finished and first.ending == ""
    assert ScenarioRun.objects.filter(user=trainee, finished_at__isnull=True).get() == second


def test_runs_are_repeatable(scenario, trainee):
    for _ in range(2):
        run = start_run(scenario=scenario, user=trainee)
        _choose(run, scenario, "乙")
    assert ScenarioRun.objects.filter(user=trainee, ending="red_leak").count() == 2


def test_an_unpublished_scenario_cannot_be_started(trainee):
    scenario = ScenarioPageFactory(live=False)
    with pytest.raises(ScenarioError, match="尚未发布"):
        start_run(scenario=scenario, user=trainee)
    assert not ScenarioRun.objects.exists()
