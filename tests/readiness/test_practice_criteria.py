"""Practice as a module criterion: cases of a drill set characterised exactly right, scenarios played to a good end.

Each counts only since the round was created (like evening sessions), for module completion, 我的学习 and the
office dashboard alike, read for the whole round in a fixed number of queries.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from core import roles
from drills.models import CategoryResult
from fixtures.demo.practice import CRITERIA as PRACTICE
from fixtures.demo.practice import MODULE as PRACTICE_MODULE
from fixtures.demo.round import ROUND
from fixtures.demo.track import TRACK
from readiness.rules import State, readiness_for_round
from rounds.models import InspectionRound
from scenarios.models import ScenarioRun
from scenarios.services import choose, start_run
from tests.drills.factories import DrillIndexPageFactory, attempt, drill_case, taxonomy
from tests.factories import CaseIndexPageFactory, UserFactory, client_for
from tests.readiness.test_dashboard import build_round, complete, dashboard_url
from tests.rounds.factories import InspectionRoundFactory, InspectionTeamFactory, ModuleFactory, TeamMemberFactory
from tests.scenarios.factories import ScenarioIndexPageFactory, ScenarioPageFactory, choice_id

pytestmark = pytest.mark.django_db


def play(scenario, user, labels, *, now=None):
    """A run through the scenario choosing the choices starting with these labels, in order."""
    run = start_run(scenario=scenario, user=user, now=now)
    for label in labels:
        run.refresh_from_db()
        choose(
            run_id=run.pk,
            user=user,
            step_key=run.current_step,
            choice_id=choice_id(scenario, run.current_step, label),
            lead={
                "source": "interview",
                "subject": "某干部（化名）",
                "problem": "练习。",
                "category": "integrity",
                "checkability": "some",
                "disposition": "keep_learning",
            },
            now=now,
        )
    run.refresh_from_db()
    return run


GOOD = ["甲", "丙"]  # tests.scenarios.factories.small_steps: start → lead → good end
RED_LINE = ["乙"]  # start → 泄露 (a red line)


@pytest.fixture
def drills_round():
    """A round whose one module asks for 2 cases of 六项纪律 (sub-types included) characterised exactly right."""
    tax = taxonomy()
    index = CaseIndexPageFactory()
    cases = {
        "integrity": drill_case(categories=[tax.integrity], index=index),
        "integrity2": drill_case(categories=[tax.integrity], index=index),
        "mass": drill_case(categories=[tax.mass], index=index),
        "leadership": drill_case(categories=[tax.leadership], index=index),
    }
    round_ = InspectionRoundFactory()
    module = ModuleFactory(track=round_.track, title="问题定性", drill_category=tax.discipline, min_drills_correct=2)
    member = TeamMemberFactory(team=InspectionTeamFactory(round=round_))
    return {"round": round_, "module": module, "user": member.user, "tax": tax, "cases": cases}


def only(round_):
    [result] = readiness_for_round(inspection_round=round_)
    return result


def test_only_different_cases_of_the_set_answered_exactly_since_the_round_began_count(drills_round):
    user, tax, cases = drills_round["user"], drills_round["tax"], drills_round["cases"]
    before = drills_round["round"].created_at - datetime.timedelta(days=1)
    attempt(user=user, case=cases["mass"], category=tax.mass, now=before)  # exact, but before the round
    assert attempt(user=user, case=cases["integrity"], category=tax.mass).category_result == CategoryResult.PARTIAL
    assert attempt(user=user, case=cases["mass"], category=tax.leadership).category_result == CategoryResult.WRONG
    attempt(user=user, case=cases["leadership"], category=tax.leadership)  # exact, but not in the set
    attempt(user=user, case=cases["integrity"], category=tax.integrity)  # exact: 1
    attempt(user=user, case=cases["integrity"], category=tax.integrity)  # the same case again: still 1
    result = only(drills_round["round"])
    [criterion] = result.modules[0].criteria
    assert not criterion.done and criterion.started
    assert result.state == State.IN_PROGRESS
    assert "2" in criterion.label and "1" in criterion.label and drills_round["tax"].discipline.name in criterion.label
    assert len(result.missing) == 1

    attempt(user=user, case=cases["mass"], category=tax.mass)  # a sub-type of the set: 2
    result = only(drills_round["round"])
    assert result.modules[0].criteria[0].done
    assert result.module_complete == (True,)
    assert result.state == State.READY


def test_an_empty_drill_set_is_any_published_case(drills_round):
    module, user, tax, cases = (drills_round[k] for k in ("module", "user", "tax", "cases"))
    module.drill_category = None
    module.save()
    attempt(user=user, case=cases["leadership"], category=tax.leadership)
    attempt(user=user, case=cases["mass"], category=tax.mass)
    assert only(drills_round["round"]).state == State.READY


def test_an_unpublished_case_does_not_count(drills_round):
    user, tax, cases = drills_round["user"], drills_round["tax"], drills_round["cases"]
    attempt(user=user, case=cases["integrity"], category=tax.integrity)
    attempt(user=user, case=cases["integrity2"], category=tax.integrity)
    cases["integrity2"].unpublish()
    assert not only(drills_round["round"]).modules[0].criteria[0].done


@pytest.fixture
def scenario_round():
    round_ = InspectionRoundFactory()
    scenario = ScenarioPageFactory(title="线索来了")
    module = ModuleFactory(track=round_.track, title="情景")
    module.scenarios.add(scenario)
    module.save()  # a ParentalManyToManyField writes on save
    member = TeamMemberFactory(team=InspectionTeamFactory(round=round_))
    return {"round": round_, "module": module, "scenario": scenario, "user": member.user}


def test_a_scenario_counts_only_when_played_to_a_good_ending_since_the_round_began(scenario_round):
    user, scenario = scenario_round["user"], scenario_round["scenario"]
    earlier = scenario_round["round"].created_at - datetime.timedelta(hours=2)
    assert play(scenario, user, GOOD, now=earlier).completed  # before the round: does not count
    assert not play(scenario, user, RED_LINE).completed  # a red line: does not count
    result = only(scenario_round["round"])
    [criterion] = result.modules[0].criteria
    assert not criterion.done and criterion.url == scenario.url
    assert scenario.title in criterion.label and result.state == State.NOT_STARTED

    play(scenario, user, GOOD)
    result = only(scenario_round["round"])
    assert result.modules[0].criteria[0].done and result.state == State.READY
    assert ScenarioRun.objects.filter(user=user).count() == 3


def test_my_learning_lists_the_practice_criteria_with_their_links(scenario_round):
    module, user = scenario_round["module"], scenario_round["user"]
    tax = taxonomy()
    drill_case(categories=[tax.integrity])
    index = DrillIndexPageFactory()
    module.drill_category = tax.discipline
    module.min_drills_correct = 3
    module.save()
    response = client_for(user).get(reverse("readiness:my_learning"))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="{index.url}?category={tax.discipline.slug}"' in html
    assert f'href="{scenario_round["scenario"].url}"' in html
    assert "线索来了" in html and tax.discipline.name in html
    # The first thing to do is the first practice criterion.
    assert response.context["rounds"][0]["next"].criterion.url.startswith(index.url)


def test_the_dashboard_counts_practice_with_a_constant_number_of_queries(django_assert_max_num_queries):
    tax = taxonomy()
    index = CaseIndexPageFactory()
    cases = [drill_case(categories=[tax.integrity], index=index) for _ in range(2)]
    DrillIndexPageFactory()
    section = ScenarioIndexPageFactory()
    counts = []
    for per_team in (2, 20):
        data = build_round(per_team=per_team)
        module = ModuleFactory(track=data["round"].track, title="练习", sort_order=9, drill_category=tax.discipline)
        module.min_drills_correct = 1
        scenario = ScenarioPageFactory(parent=section)
        module.scenarios.add(scenario)
        module.save()
        for member in data["members"][::3]:
            complete(member.user, data["lessons"][:1])
            attempt(user=member.user, case=cases[0], category=tax.integrity)
            play(scenario, member.user, GOOD)
        client = client_for(data["manager"])
        client.get(dashboard_url(data))  # fills Wagtail's site-root cache
        with django_assert_max_num_queries(32) as captured:
            response = client.get(dashboard_url(data))
        assert response.status_code == 200
        counts.append(len(captured))
        done = [
            r.readiness for r in response.context["dashboard"].rows if r.member.user_id == data["members"][0].user_id
        ]
        assert done and all(c.done for c in done[0].modules[-1].criteria)
        left = next(r.readiness for r in response.context["dashboard"].rows if r.member == data["members"][1])
        assert any(scenario.title in line for line in left.missing)
        assert any(tax.discipline.name in line for line in left.missing)
    assert counts[0] == counts[1]


def test_the_admin_refuses_a_page_that_is_not_a_scenario():
    scenario = ScenarioPageFactory()
    other = CaseIndexPageFactory()
    round_ = InspectionRoundFactory()
    admin = UserFactory(role=roles.ADMINISTRATOR)
    data = {
        "track": round_.track_id,
        "title": "练习",
        "sort_order": 1,
        "min_drills_correct": 0,
        "min_sessions_attended": 0,
        "lessons-TOTAL_FORMS": 0,
        "lessons-INITIAL_FORMS": 0,
        "lessons-MIN_NUM_FORMS": 0,
        "lessons-MAX_NUM_FORMS": 1000,
        "scenarios": [scenario.pk, other.pk],
    }
    client = client_for(admin)
    form = client.get(reverse("wagtailsnippets_courses_module:add")).content.decode()
    assert scenario.title in form and other.title not in form  # only scenario pages are offered
    response = client.post(reverse("wagtailsnippets_courses_module:add"), data)
    assert response.status_code == 200
    assert "只能选择情景演练页面" in str(response.context["form"].errors["scenarios"])
    data["scenarios"] = [scenario.pk]
    response = client.post(reverse("wagtailsnippets_courses_module:add"), data)
    assert response.status_code == 302, response.context["form"].errors
    assert [p.pk for p in round_.track.modules.get(title="练习").scenarios.all()] == [scenario.pk]


# -- the demo (last in this module: the demo stays loaded until the module's end) -----------------------------------


def test_the_demo_trainee_sees_the_practice_criteria_with_work_left_and_scripted_members_keep_their_state(demo, db):
    inspection = InspectionRound.objects.get(name=ROUND["name"])
    results = {r.member.user.username: r for r in readiness_for_round(inspection_round=inspection)}
    assert results["demo-member-01"].state == State.READY and results["demo-member-05"].state == State.READY
    assert results["demo-member-03"].state == State.RETAKE
    user = get_user_model().objects.get(username="xueyuan")
    response = client_for(user).get(reverse("readiness:my_learning"))
    html = response.content.decode()
    module = results["xueyuan"].modules[[m["title"] for m in TRACK["modules"]].index(PRACTICE_MODULE)]
    practice = [c for c in module.criteria if c.key.startswith(("drills:", "scenario:"))]
    assert len(practice) == 1 + len(PRACTICE["scenarios"])
    assert not all(c.done for c in practice)
    for c in practice:
        assert c.label in html
        assert c.done or (c.url and f'href="{c.url}"' in html)
