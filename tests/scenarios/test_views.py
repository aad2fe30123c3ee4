"""The player's pages: start, the run page (owner only), choosing, the ending, the index with best and last."""

import pytest
from django.urls import reverse

from core import roles
from scenarios.models import RunStep, ScenarioRun
from tests.factories import UserFactory, client_for
from tests.scenarios.factories import LEAD, ScenarioIndexPageFactory, ScenarioPageFactory, choice_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario():
    return ScenarioPageFactory()


def _start(client, scenario) -> ScenarioRun:
    response = client.post(reverse("scenarios:start", args=[scenario.pk]))
    run = ScenarioRun.objects.latest("pk")
    assert response.status_code == 302 and response.url == reverse("scenarios:run", args=[run.pk])
    return run


def _choose(client, run, scenario, label, **fields):
    run.refresh_from_db()
    data = {"step": run.current_step, "choice": choice_id(scenario, run.current_step, label), **fields}
    return client.post(reverse("scenarios:choose", args=[run.pk]), data, follow=True)


def test_start_is_a_post_and_the_run_page_shows_the_first_step(trainee_client, scenario):
    assert trainee_client.get(reverse("scenarios:start", args=[scenario.pk])).status_code == 405
    assert not ScenarioRun.objects.exists()
    run = _start(trainee_client, scenario)
    page = trainee_client.get(reverse("scenarios:run", args=[run.pk])).content.decode()
    assert "第一步的情景。" in page and "甲：正确做法" in page and "乙：泄露" in page
    assert 'name="step" value="start"' in page
    assert 'data-testid="training-material-notice"' not in page


def test_another_persons_run_is_404_for_view_and_choice(scenario, trainee_client):
    run = _start(trainee_client, scenario)
    someone = client_for(UserFactory(role=roles.TRAINEE))
    assert someone.get(reverse("scenarios:run", args=[run.pk])).status_code == 404
    data = {"step": "start", "choice": choice_id(scenario, "start", "乙")}
    assert someone.post(reverse("scenarios:choose", args=[run.pk]), data).status_code == 404
    run.refresh_from_db()
    assert run.current_step == "start" and not RunStep.objects.exists()


def test_a_choice_shows_its_consequence_and_rule_then_the_next_step_with_the_lead_form(trainee_client, scenario):
    run = _start(trainee_client, scenario)
    page = _choose(trainee_client, run, scenario, "甲").content.decode()
    assert "选择“甲：正确做法”之后的结果。" in page and "依据：示例规则。" in page
    assert "登记这条练习线索。" in page and "线索来源" in page and "拟处置方式" in page
    assert 'data-testid="training-material-notice"' in page


def test_the_lead_form_errors_are_shown_in_chinese_and_nothing_is_stored(trainee_client, scenario):
    run = _start(trainee_client, scenario)
    _choose(trainee_client, run, scenario, "甲")
    response = _choose(trainee_client, run, scenario, "丙", **{**LEAD, "problem": ""})
    page = response.content.decode()
    assert "请填写“反映的主要问题”。" in page and "请先把线索登记表填写完整" in page
    assert 'value="某局干部丙（化名）"' in page  # what was typed stays in the form
    run.refresh_from_db()
    assert run.current_step == "lead" and run.steps.count() == 1


def test_a_forged_post_changes_nothing_and_says_so(trainee_client, scenario):
    run = _start(trainee_client, scenario)
    data = {"step": "start", "choice": choice_id(scenario, "lead", "丙")}
    page = trainee_client.post(reverse("scenarios:choose", args=[run.pk]), data, follow=True).content.decode()
    assert "这个选项不属于当前这一步，没有做任何改动。" in page
    run.refresh_from_db()
    assert (run.current_step, run.score, run.finished) == ("start", 0, False)
    replay = {"step": "lead", "choice": choice_id(scenario, "lead", "丙")}
    page = trainee_client.post(reverse("scenarios:choose", args=[run.pk]), replay, follow=True).content.decode()
    assert "你已经走过的一步" in page and not RunStep.objects.exists()


def test_a_red_line_page_says_which_line_and_why(trainee_client, scenario):
    run = _start(trainee_client, scenario)
    page = _choose(trainee_client, run, scenario, "乙").content.decode()
    assert "演练到此结束" in page and "红线：泄露" in page and "把线索告诉了被巡察单位。" in page
    assert 'name="choice"' not in page


def test_a_good_end_shows_the_score_the_path_and_the_best_choice_of_each_step(trainee_client, scenario):
    run = _start(trainee_client, scenario)
    _choose(trainee_client, run, scenario, "甲")
    _choose(trainee_client, run, scenario, "丁", **LEAD)  # back to the start: -5
    _choose(trainee_client, run, scenario, "甲")
    response = _choose(trainee_client, run, scenario, "丙", **LEAD)
    page = response.content.decode()
    assert "顺利完成" in page and "20 分" in page
    path = page.split('data-testid="path"')[1].split("</ol>")[0]
    assert [label in path for label in ("甲：正确做法", "丁：回到开头", "丙：报告组长")] == [True] * 3
    best = page.split('data-testid="best-choices"')[1].split("</ol>")[0]
    assert "甲：正确做法" in best and "丙：报告组长" in best and "乙：泄露" not in best
    assert "某局干部丙（化名）" in page  # the registered lead, read back


def test_a_get_of_the_run_page_writes_nothing(trainee_client, scenario):
    run = _start(trainee_client, scenario)
    before = (RunStep.objects.count(), ScenarioRun.objects.get().score)
    trainee_client.get(reverse("scenarios:run", args=[run.pk]))
    assert (RunStep.objects.count(), ScenarioRun.objects.get().score) == before


def test_the_scenario_page_offers_start_continue_and_lists_ended_runs(trainee_client, scenario):
    page = trainee_client.get(scenario.url).content.decode()
    assert "开始演练" in page and "练习处置。" in page
    run = _start(trainee_client, scenario)
    _choose(trainee_client, run, scenario, "甲")
    page = trainee_client.get(scenario.url).content.decode()
    assert "接着上次继续" in page and "重新开始" in page


def test_the_index_lists_scenarios_with_my_best_and_last(trainee, trainee_client, django_assert_max_num_queries):
    index = ScenarioIndexPageFactory()
    first = ScenarioPageFactory(parent=index, title="情景一")
    ScenarioPageFactory(parent=index, title="情景二")
    run = _start(trainee_client, first)
    _choose(trainee_client, run, first, "甲")
    _choose(trainee_client, run, first, "丙", **LEAD)
    run = _start(trainee_client, first)
    _choose(trainee_client, run, first, "乙")
    # Someone else's better result is not mine.
    other = client_for(UserFactory(role=roles.TRAINEE))
    run = _start(other, first)
    with django_assert_max_num_queries(30):
        page = trainee_client.get(index.url).content.decode()
    first_card, second_card = page.split('<li class="card">')[1:3]
    assert "情景一" in first_card and "顺利完成的最好成绩：15 分" in first_card
    assert "上次：-20 分，红线：泄露" in first_card
    assert "情景二" in second_card and "尚未顺利完成" in second_card


def test_the_index_runs_the_same_queries_for_more_scenarios_and_runs(trainee, trainee_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    index = ScenarioIndexPageFactory()
    scenarios = [ScenarioPageFactory(parent=index) for _ in range(2)]
    trainee_client.get(index.url)
    with CaptureQueriesContext(connection) as small:
        trainee_client.get(index.url)
    scenarios += [ScenarioPageFactory(parent=index) for _ in range(4)]
    for scenario in scenarios:
        run = _start(trainee_client, scenario)
        _choose(trainee_client, run, scenario, "乙")
    with CaptureQueriesContext(connection) as large:
        trainee_client.get(index.url)
    assert len(large) == len(small)
