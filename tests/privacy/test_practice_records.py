"""The practice features in a person's data: their 定性 answers, scenario runs and coverage ticks are in their own
export, and anonymising replaces what they typed (the sentence, the practice lead) and keeps the scores."""

import pytest

from drills.models import DrillAttempt
from privacy import services
from privacy.selectors import personal_data
from scenarios.services import choose, start_run
from supervision.services import set_covered
from tests.drills.factories import attempt as drill_answer
from tests.factories import CaseIndexPageFactory, CasePageFactory, ProblemCategoryFactory, UserFactory
from tests.rounds.factories import TeamMemberFactory
from tests.scenarios.factories import LEAD, ScenarioPageFactory, choice_id
from tests.supervision.factories import UnitTypeFactory, make_point, team_with_units

pytestmark = pytest.mark.django_db

SENTENCE = "练习：违反廉洁纪律，甲某某收受礼金。"


def practised(user):
    category = ProblemCategoryFactory()
    drill_answer(user=user, case=CasePageFactory(parent=CaseIndexPageFactory()), category=category, sentence=SENTENCE)
    scenario = ScenarioPageFactory(title="情景甲")
    run = start_run(scenario=scenario, user=user)
    choose(run_id=run.pk, user=user, step_key="start", choice_id=choice_id(scenario, "start", "甲"))
    choose(run_id=run.pk, user=user, step_key="lead", choice_id=choice_id(scenario, "lead", "丙"), lead=LEAD)
    village = UnitTypeFactory()
    team = team_with_units(village)
    TeamMemberFactory(team=team, user=user)
    point = make_point(title="村务公开要点", unit_types=[village], category=category)
    set_covered(team=team, unit_id=team.units.get().pk, point_id=point.pk, user=user, covered=True)
    return run


def test_the_own_export_holds_the_answers_runs_and_ticks():
    person = UserFactory()
    practised(person)
    text = repr(personal_data(user=person))
    assert SENTENCE in text and LEAD["subject"] in text and "村务公开要点" in text


def test_anonymising_replaces_the_sentence_and_the_lead_and_keeps_the_scores():
    person = UserFactory()
    run = practised(person)
    score = run.__class__.objects.get(pk=run.pk).score
    changed = services.anonymise_person(subject=person, actor=UserFactory())
    assert changed["drill_sentences"] == 1 and changed["practice_lead_forms"] == 1
    assert DrillAttempt.objects.get(user=person).sentence == services.PLACEHOLDER
    run.refresh_from_db()
    assert run.score == score
    text = repr(personal_data(user=person))
    assert SENTENCE not in text and LEAD["subject"] not in text


def test_the_own_export_holds_the_rooms_drill_answers():
    from django.utils import timezone

    from studysessions.models import RoomDrillAnswer
    from tests.studysessions.factories_drill import drill_evening

    evening = drill_evening(members=1)
    person = evening.members[0]
    RoomDrillAnswer.objects.create(
        session=evening.session,
        item=1,
        case=evening.case,
        user=person,
        category=evening.tax.integrity,
        answered_at=timezone.now(),
    )
    rows = personal_data(user=person)["夜学现场定性作答"]
    assert [row["所选类别"] for row in rows] == [str(evening.tax.integrity)]
    assert personal_data(user=evening.outsider)["夜学现场定性作答"] == []
