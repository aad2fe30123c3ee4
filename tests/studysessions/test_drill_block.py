"""定性练习 in the 夜学 room: the facts on the projector without the answer, phones answer the category (one
answer per signed-in person, changeable until the reveal), the reveal shows the room's distribution, the case's
categories and its characterisation, and each phone whether it was right."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from studysessions.agenda.selectors import agenda_lines, agenda_steps
from studysessions.models import RoomDrillAnswer, StudySession
from studysessions.room.selectors import room_view
from tests.factories import client_for
from tests.studysessions.factories_drill import (
    CHARACTERISATION,
    DRILL_ITEM,
    FACTS,
    FACTS_STEP,
    REVEAL_STEP,
    SUMMARY,
    TITLE,
    drill_evening,
)
from tests.studysessions.factories_practice import sign_in

pytestmark = pytest.mark.django_db


def _start(ev, *, to_step: int = FACTS_STEP):
    host = client_for(ev.host)
    host.post(ev.url("present"))
    host.post(ev.url("control"), {"action": "goto", "index": to_step + 1})
    return host


def _answer(ev, user, category, *, item=DRILL_ITEM):
    return client_for(user).post(ev.url("drill_answer"), {"item": str(item), "category": str(category.pk)}, follow=True)


def test_the_block_is_two_steps_and_the_facts_hide_the_answer():
    ev = drill_evening()
    steps = agenda_steps(ev.session)
    kinds = [(s.kind, s.context.get("phase")) for s in steps]
    assert kinds == [("talk", None), ("drill", "facts"), ("drill", "reveal")]
    assert steps[FACTS_STEP].minutes == 15 and steps[REVEAL_STEP].minutes is None
    line = agenda_lines(ev.session)[1]
    assert TITLE not in str(line) and str(ev.case.pk) in str(line)  # the schedule and e-mails do not name it

    host = _start(ev)
    projector = host.get(ev.url("present")).content.decode()
    phone = client_for(ev.members[0]).get(ev.url("follow")).content.decode()
    for page in (projector, phone):
        assert FACTS in page and ev.case.unit_type.name in page
        for secret in (TITLE, SUMMARY, CHARACTERISATION, ev.tax.mass.name):
            assert secret not in page.split('data-testid="drill-phone"')[0]
    assert 'data-testid="reveal"' in projector
    assert f'name="category" value="{ev.tax.mass.pk}"' in phone  # the sub-type, under its top level
    assert f'name="category" value="{ev.tax.leadership.pk}"' in phone


def test_answers_are_counted_per_category_one_per_person_and_changeable_until_the_reveal():
    ev = drill_evening(members=3)
    _start(ev)
    a, b, c = ev.members
    _answer(ev, a, ev.tax.integrity)
    _answer(ev, a, ev.tax.mass)  # changed her mind
    _answer(ev, a, ev.tax.mass)  # and a double tap
    _answer(ev, b, ev.tax.discipline)
    _answer(ev, c, ev.tax.leadership)
    assert RoomDrillAnswer.objects.filter(session=ev.session).count() == 3
    assert RoomDrillAnswer.objects.get(user=a).category == ev.tax.mass
    phone = client_for(a).get(ev.url("follow")).content.decode()
    assert 'data-testid="drill-mine"' in phone and ev.tax.mass.name in phone
    assert 'data-testid="drill-result"' not in phone  # not before the reveal

    client_for(ev.host).post(ev.url("control"), {"action": "reveal"})
    ev.session.refresh_from_db()
    assert ev.session.current_step == REVEAL_STEP
    response = _answer(ev, b, ev.tax.mass)
    assert "答案已公布" in response.content.decode()
    assert RoomDrillAnswer.objects.get(user=b).category == ev.tax.discipline  # refused after the reveal
    # Going back to the facts does not reopen it.
    client_for(ev.host).post(ev.url("control"), {"action": "prev"})
    _answer(ev, b, ev.tax.mass)
    assert RoomDrillAnswer.objects.get(user=b).category == ev.tax.discipline
    assert 'name="category"' not in client_for(b).get(ev.url("follow")).content.decode()


def test_the_reveal_shows_the_distribution_the_case_categories_and_each_phone_its_result():
    ev = drill_evening(members=3)
    _start(ev)
    a, b, c = ev.members
    _answer(ev, a, ev.tax.mass)
    _answer(ev, b, ev.tax.integrity)
    _answer(ev, c, ev.tax.leadership)
    host = client_for(ev.host)
    host.post(ev.url("control"), {"action": "next"})
    projector = host.get(ev.url("present")).content.decode()
    assert 'data-testid="drill-distribution"' in projector
    assert CHARACTERISATION in projector and "依据有关规定" in projector
    assert 'data-testid="drill-case-categories"' in projector and ev.tax.mass.name in projector
    view = room_view(session=StudySession.objects.get(pk=ev.session.pk), with_distribution=True)
    counts = {row.top.category.pk: row.top.count for row in view.drill.rows if row.top.count}
    assert view.drill.answered == 3
    assert counts == {ev.tax.leadership.pk: 1, ev.tax.discipline.pk: 2}
    discipline = next(row for row in view.drill.rows if row.top.category == ev.tax.discipline)
    assert discipline.top.is_case and discipline.top.percent == 67
    assert [(s.category, s.count, s.is_case) for s in discipline.subs] == [
        (ev.tax.integrity, 1, False),
        (ev.tax.mass, 1, True),
    ]
    for user, mark in ((a, "✓ 回答正确"), (b, "◐"), (c, "✗")):
        page = client_for(user).get(ev.url("follow")).content.decode()
        assert 'data-testid="drill-distribution"' in page
        assert page.split('data-testid="drill-result">', 1)[1].startswith(mark)


def test_only_signed_in_participants_of_the_evening_answer():
    ev = drill_evening(members=1)
    _start(ev)
    outsider = client_for(ev.outsider)
    assert outsider.post(ev.url("drill_answer"), {"item": "1", "category": str(ev.tax.mass.pk)}).status_code == 404
    page = client_for(ev.not_signed_in).get(ev.url("follow")).content.decode()
    assert 'data-testid="drill-sign-in-first"' in page and 'name="category"' not in page
    response = _answer(ev, ev.not_signed_in, ev.tax.mass)
    assert "签到" in response.content.decode()
    _answer(ev, ev.host, ev.tax.mass)  # the host follows, but did not sign in
    assert client_for(ev.members[0]).get(ev.url("drill_answer")).status_code == 405  # a GET writes nothing
    assert not RoomDrillAnswer.objects.exists()
    sign_in(ev.session, ev.not_signed_in)
    _answer(ev, ev.not_signed_in, ev.tax.mass)
    assert RoomDrillAnswer.objects.filter(user=ev.not_signed_in).count() == 1


def test_bad_input_gets_a_message_and_writes_nothing():
    ev = drill_evening(members=1)
    member = ev.members[0]
    assert "不是这道定性题" in _answer(ev, member, ev.tax.mass).content.decode()  # the room is not open yet
    _start(ev, to_step=0)
    assert "不是这道定性题" in _answer(ev, member, ev.tax.mass).content.decode()  # the talk is on screen
    client_for(ev.host).post(ev.url("control"), {"action": "next"})
    assert "不是这道定性题" in _answer(ev, member, ev.tax.mass, item=0).content.decode()  # not the drill's item
    response = client_for(member).post(ev.url("drill_answer"), {"item": "1", "category": "x"}, follow=True)
    assert "请先选择问题类别" in response.content.decode()
    client_for(member).post(ev.url("drill_answer"), {"item": "1", "category": "999999"})
    assert not RoomDrillAnswer.objects.exists()


def test_the_rehearsal_shows_the_facts_then_an_empty_distribution():
    ev = drill_evening(members=1)
    host = client_for(ev.host)
    host.post(ev.url("rehearsal"))
    host.post(ev.url("rehearsal_control"), {"action": "goto", "index": FACTS_STEP + 1})
    page = host.get(ev.url("rehearsal")).content.decode()
    assert FACTS in page and 'data-testid="reveal"' in page and CHARACTERISATION not in page
    host.post(ev.url("rehearsal_control"), {"action": "reveal"})
    page = host.get(ev.url("rehearsal")).content.decode()
    assert 'data-testid="drill-distribution"' in page and CHARACTERISATION in page
    assert 'data-testid="bar-count">1<' not in page
    ev.session.refresh_from_db()
    assert ev.session.opened_at is None and ev.session.current_step == 0  # the evening itself untouched
    _answer(ev, ev.members[0], ev.tax.mass)  # phones follow the evening, which has not started
    assert not RoomDrillAnswer.objects.exists()


@pytest.mark.parametrize("page", ["present", "follow"])
def test_projector_and_phone_queries_do_not_grow_with_answers(page):
    def count(ev, viewer) -> int:
        cache.clear()
        client = client_for(viewer)
        client.get(ev.url(page))
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(ev.url(page)).status_code == 200
        return len(queries)

    measured, first = [], None
    for n, prefix in ((1, "few"), (30, "many")):
        reuse = {"tax": first.tax, "case": first.case} if first else {}
        ev = drill_evening(usernames=tuple(f"{prefix}-{i}" for i in range(n)), **reuse)
        first = first or ev
        _start(ev)
        for user in ev.members:
            _answer(ev, user, ev.tax.mass if user.pk % 2 else ev.tax.leadership)
        client_for(ev.host).post(ev.url("control"), {"action": "reveal"})
        assert RoomDrillAnswer.objects.filter(session=ev.session).count() == n
        measured.append(count(ev, ev.host if page == "present" else ev.members[0]))
    assert measured[0] == measured[1]
    assert measured[1] <= 30
