"""人才库: each filter both ways, the combined search the issue names, paging and the fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from core import roles
from rounds.models import TeamRole
from talent.selectors import PoolFilters, talent_pool
from tests.factories import UserFactory, client_for
from tests.talent.factories import PersonSpecialismFactory, round_with_lesson, serve, specialism, study

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
NOW = timezone.now()


def names(filters: PoolFilters) -> set[str]:
    return {person.first_name for person in talent_pool(filters=filters)}


@pytest.fixture
def pool():
    """Two rounds (two years ago, current). 甲: both rounds, 财经, ready now. 乙: both rounds, 财经, ready only
    two years ago. 丙: both rounds, 法律, ready now. 丁: current round only, 财经, ready now. 戊: 财经, no round."""
    old = round_with_lesson(
        starts_on=TODAY - datetime.timedelta(days=760), ends_on=TODAY - datetime.timedelta(days=700), name="前年"
    )
    current = round_with_lesson(
        starts_on=TODAY - datetime.timedelta(days=20), ends_on=TODAY + datetime.timedelta(days=40)
    )
    finance, law = specialism("财经"), specialism("法律")
    people = {}
    for name, rounds, field, ready_now in [
        ("甲", (old, current), finance, True),
        ("乙", (old, current), finance, False),
        ("丙", (old, current), law, True),
        ("丁", (current,), finance, True),
        ("戊", (), finance, False),
    ]:
        user = UserFactory(first_name=name)
        for inspection_round in rounds:
            serve(user, inspection_round, role=TeamRole.LEADER if name == "丙" else TeamRole.MEMBER)
            recent = inspection_round is current and ready_now
            study(user, inspection_round, when=NOW - datetime.timedelta(days=10 if recent else 770))
        PersonSpecialismFactory(user=user, specialism=field)
        people[name] = user
    UserFactory(first_name="己")  # no round, no specialism: not in the pool
    return {"people": people, "finance": finance, "law": law, "old": old, "current": current}


def test_served_twice_finance_ready_within_a_year_finds_exactly_the_right_person(pool):
    filters = PoolFilters(specialism_ids=(pool["finance"].pk,), min_rounds=2, ready_within_months=12)
    assert names(filters) == {"甲"}


def test_each_filter_both_ways(pool):
    assert names(PoolFilters()) == {"甲", "乙", "丙", "丁", "戊"}
    assert names(PoolFilters(specialism_ids=(pool["finance"].pk,))) == {"甲", "乙", "丁", "戊"}
    assert names(PoolFilters(specialism_ids=(pool["finance"].pk, pool["law"].pk))) == {"甲", "乙", "丙", "丁", "戊"}
    assert names(PoolFilters(specialism_ids=(pool["law"].pk,))) == {"丙"}
    assert names(PoolFilters(min_rounds=1)) == {"甲", "乙", "丙", "丁"}
    assert names(PoolFilters(min_rounds=2)) == {"甲", "乙", "丙"}
    assert names(PoolFilters(min_rounds=3)) == set()
    assert names(PoolFilters(ready_within_months=12)) == {"甲", "丙", "丁"}
    assert names(PoolFilters(ready_within_months=24)) == {"甲", "丙", "丁"}  # 乙 was ready 25 months ago
    assert names(PoolFilters(ready_within_months=36)) == {"甲", "乙", "丙", "丁"}
    assert names(PoolFilters(role=TeamRole.LEADER)) == {"丙"}
    assert names(PoolFilters(role=TeamRole.MEMBER)) == {"甲", "乙", "丁"}
    assert names(PoolFilters(role=TeamRole.DEPUTY)) == set()
    assert names(PoolFilters(name="丁")) == {"丁"}
    assert names(PoolFilters(name="不存在")) == set()


def test_an_anonymised_account_leaves_the_pool(pool):
    pool["people"]["甲"].is_active = False
    pool["people"]["甲"].save()
    assert "甲" not in names(PoolFilters())


def test_the_search_page_lists_filters_and_audits_the_people_shown(pool):
    office = UserFactory(role=roles.ADMINISTRATOR)
    url = reverse("talent:search")
    response = client_for(office).get(url, {"specialism": [pool["finance"].pk], "rounds": "2", "ready": "12"})
    assert response.status_code == 200
    assert [e.person.first_name for e in response.context["entries"]] == ["甲"]
    entry = AuditEntry.objects.get(action="talent.pool_viewed")
    assert entry.actor == office
    assert set(entry.people.values_list("pk", flat=True)) == {pool["people"]["甲"].pk}


def test_a_bad_filter_value_gets_a_message_and_no_list(pool):
    office = UserFactory(role=roles.ADMINISTRATOR)
    response = client_for(office).get(reverse("talent:search"), {"rounds": "很多"})
    assert response.status_code == 400
    assert response.context["form"].errors["rounds"]
    assert not AuditEntry.objects.filter(action="talent.pool_viewed").exists()


def _people(count: int, finance) -> None:
    current = round_with_lesson(starts_on=TODAY, ends_on=TODAY + datetime.timedelta(days=30))
    for n in range(count):
        user = UserFactory(first_name=f"人{n}")
        serve(user, current)
        PersonSpecialismFactory(user=user, specialism=finance)


def _count_queries(client, finance) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("talent:search"), {"specialism": [finance.pk]})
    assert response.status_code == 200
    return len(captured)


def test_the_page_runs_the_same_queries_for_5_and_50_people(django_assert_max_num_queries):
    office = UserFactory(role=roles.ADMINISTRATOR)
    client = client_for(office)
    finance = specialism("财经")
    _people(5, finance)
    small = _count_queries(client, finance)
    _people(45, finance)
    with django_assert_max_num_queries(small):
        response = client.get(reverse("talent:search"), {"specialism": [finance.pk]})
    assert response.context["page_obj"].paginator.count == 50
    assert len(response.context["entries"]) == 20


def test_ordering_by_score_puts_the_best_average_quiz_score_first(pool, client):
    from tests.quizzes.factories import QuestionFactory, QuizFactory
    from tests.quizzes.test_reports import make_attempt

    question = QuestionFactory()
    quiz = QuizFactory(questions=[question])
    people = pool["people"]
    make_attempt(quiz, people["丁"], credits=[(question, 1)], percent=95)
    make_attempt(quiz, people["乙"], credits=[(question, 1)], percent=60)
    make_attempt(quiz, people["乙"], credits=[(question, 1)], percent=80, number=2)
    finance = (pool["finance"].pk,)

    by_rounds = [p.first_name for p in talent_pool(filters=PoolFilters(specialism_ids=finance))]
    assert set(by_rounds[:2]) == {"甲", "乙"} and by_rounds[2:] == ["丁", "戊"]  # two rounds, one, none
    by_score = [p.first_name for p in talent_pool(filters=PoolFilters(specialism_ids=finance, order="score"))]
    assert by_score == ["丁", "乙", "甲", "戊"]  # 95, then 70 on average, then no score (most rounds first)

    manager = UserFactory(role=roles.ADMINISTRATOR)
    html = client_for(manager).get(reverse("talent:search"), {"specialism": finance, "order": "score"})
    text = html.content.decode()
    assert text.index("丁") < text.index("乙") and "测验平均 95%" in text and "测验平均 70%" in text
