"""情景演练 in the 夜学 room: the projector shows the scenario's step and its lettered choices, signed-in phones
vote (one vote per person and step, changeable until the host shows the votes), the host applies a choice (not
necessarily the majority's), the room moves to the step it leads to or to the ending; the path and each step's
votes are kept for the evening; a rehearsal walks the branches without votes."""

from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from studysessions.agenda.selectors import agenda_lines, agenda_steps
from studysessions.attendance.selectors import personal_records
from studysessions.models import RoomScenarioStep, RoomScenarioVote
from tests.factories import client_for
from tests.scenarios.factories import ScenarioIndexPageFactory, ScenarioPageFactory
from tests.studysessions.factories_practice import PracticeEvening, practice_evening, sign_in

pytestmark = pytest.mark.django_db

SCENARIO_STEP, SCENARIO_ITEM = 1, 1
START_SITUATION, LEAD_SITUATION = "第一步的情景。", "登记这条练习线索。"


@dataclass
class ScenarioEvening(PracticeEvening):
    scenario: object = None


def scenario_evening(*, usernames=("sc-a", "sc-b", "sc-c"), scenario=None) -> ScenarioEvening:
    scenario = scenario or ScenarioPageFactory(parent=ScenarioIndexPageFactory())
    ev = practice_evening(block=("scenario", {"scenario": scenario, "minutes": 20}), usernames=list(usernames))
    return ScenarioEvening(**vars(ev), scenario=scenario)


def _start(ev):
    host = client_for(ev.host)
    host.post(ev.url("present"))
    host.post(ev.url("control"), {"action": "goto", "index": SCENARIO_STEP + 1})
    return host


def _vote(ev, user, choice, *, position=0, item=SCENARIO_ITEM):
    data = {"item": str(item), "position": str(position), "choice": str(choice)}
    return client_for(user).post(ev.url("scenario_vote"), data, follow=True)


def _control(ev, action, index=None):
    data = {"action": action} | ({"index": str(index)} if index is not None else {})
    return client_for(ev.host).post(ev.url("control"), data, follow=True)


def _rows(ev):
    return list(RoomScenarioStep.objects.filter(session=ev.session, rehearsal__isnull=True).order_by("position"))


def test_the_block_is_one_step_and_the_projector_shows_the_first_step_with_lettered_choices():
    ev = scenario_evening()
    steps = agenda_steps(ev.session)
    assert [s.kind for s in steps] == ["talk", "scenario"] and steps[SCENARIO_STEP].minutes == 20
    assert ev.scenario.title in str(agenda_lines(ev.session)[1])
    _start(ev)
    projector = client_for(ev.host).get(ev.url("present")).content.decode()
    assert START_SITUATION in projector and 'data-testid="scenario-choices"' in projector
    assert '<span class="option-letter">A</span> 甲：正确做法' in projector
    assert '<span class="option-letter">B</span> 乙：泄露' in projector
    assert 'data-testid="scenario-reveal"' in projector and 'data-testid="scenario-apply-A"' not in projector
    phone = client_for(ev.members[0]).get(ev.url("follow")).content.decode()
    assert 'name="choice" value="1"' in phone and 'name="choice" value="2"' in phone
    assert not RoomScenarioStep.objects.exists()  # a GET writes nothing


def test_votes_are_counted_per_choice_one_per_person_and_changeable_until_the_reveal():
    ev = scenario_evening()
    _start(ev)
    a, b, c = ev.members
    _vote(ev, a, 2)
    _vote(ev, a, 1)  # changed her mind
    _vote(ev, a, 1)  # and a double tap
    _vote(ev, b, 2)
    _vote(ev, c, 1)
    assert RoomScenarioVote.objects.count() == 3
    phone = client_for(a).get(ev.url("follow")).content.decode()
    assert 'data-testid="scenario-mine"' in phone and "甲：正确做法" in phone.split('data-testid="scenario-mine"')[1]

    _control(ev, "scenario_reveal")
    (row,) = _rows(ev)
    assert row.voters == 3 and sorted(row.distribution.values()) == [1, 2]
    response = _vote(ev, b, 1)
    assert "已公布投票" in response.content.decode()
    assert RoomScenarioVote.objects.get(user=b).choice_label == "乙：泄露"  # refused after the reveal
    projector = client_for(ev.host).get(ev.url("present")).content.decode()
    assert 'data-testid="scenario-distribution"' in projector
    counts = [part.split("<", 1)[0] for part in projector.split('data-testid="bar-count">')[1:]]
    assert counts == ["2", "1"]
    assert 'data-testid="scenario-apply-A"' in projector and 'data-testid="scenario-apply-B"' in projector


def test_only_signed_in_people_vote_and_bad_input_writes_nothing():
    ev = scenario_evening(usernames=("sc-only",))
    assert "不在屏幕上" in _vote(ev, ev.members[0], 1).content.decode()  # the room is not open yet
    _start(ev)
    assert client_for(ev.outsider).post(ev.url("scenario_vote"), {"item": "1", "position": "0"}).status_code == 404
    page = client_for(ev.not_signed_in).get(ev.url("follow")).content.decode()
    assert 'data-testid="scenario-sign-in-first"' in page and 'name="choice"' not in page
    assert "签到" in _vote(ev, ev.not_signed_in, 1).content.decode()
    _vote(ev, ev.host, 1)  # the host follows but did not sign in
    assert client_for(ev.members[0]).get(ev.url("scenario_vote")).status_code == 405
    assert "选项" in _vote(ev, ev.members[0], 9).content.decode()
    assert "不在屏幕上" in _vote(ev, ev.members[0], 1, item=0).content.decode()
    assert "已经往下走" in _vote(ev, ev.members[0], 1, position=3).content.decode()
    assert not RoomScenarioVote.objects.exists()
    sign_in(ev.session, ev.not_signed_in)
    _vote(ev, ev.not_signed_in, 1)
    assert RoomScenarioVote.objects.filter(user=ev.not_signed_in).count() == 1


def test_the_host_applies_a_choice_after_the_reveal_and_the_room_moves_to_its_step():
    ev = scenario_evening()
    _start(ev)
    a, b, c = ev.members
    for user, choice in ((a, 2), (b, 2), (c, 1)):
        _vote(ev, user, choice)
    assert "先公布投票" in _control(ev, "scenario_apply", 1).content.decode()  # not before the votes are shown
    _control(ev, "scenario_reveal")
    _control(ev, "scenario_apply", 1)  # the host's decision, not the majority's (B)
    first, second = _rows(ev)
    assert first.choice_label == "甲：正确做法" and first.applied and first.distribution
    assert second.position == 1 and second.step_key == "lead" and not second.applied
    projector = client_for(ev.host).get(ev.url("present")).content.decode()
    consequence = projector.split('data-testid="scenario-consequence"')[1]
    assert "选择“甲：正确做法”之后的结果。" in consequence and "依据：示例规则。" in consequence
    # A 线索登记 step: the form's fields for discussion, nobody votes or types.
    assert LEAD_SITUATION in projector and 'data-testid="scenario-lead-note"' in projector and "线索来源" in projector
    assert 'data-testid="scenario-reveal"' not in projector and 'data-testid="scenario-apply-A"' in projector
    phone = client_for(a).get(ev.url("follow")).content.decode()
    assert 'name="choice"' not in phone and "<input" not in phone.split('data-testid="scenario-phone"')[1]
    assert "不需投票" in _vote(ev, a, 1, position=1).content.decode()
    _control(ev, "scenario_apply", 2)  # back to the start: a loop
    assert [r.step_key for r in _rows(ev)] == ["start", "lead", "start"]
    assert START_SITUATION in client_for(ev.host).get(ev.url("present")).content.decode()


def test_a_red_line_ends_the_scenario_and_says_which_and_why():
    ev = scenario_evening()
    _start(ev)
    _vote(ev, ev.members[0], 2)
    _control(ev, "scenario_reveal")
    _control(ev, "scenario_apply", 2)
    (row,) = _rows(ev)
    assert row.ending == "red_leak" and row.ending_note == "把线索告诉了被巡察单位。"
    projector = client_for(ev.host).get(ev.url("present")).content.decode()
    ending = projector.split('data-testid="scenario-ending"')[1]
    assert "红线：泄露" in ending and "把线索告诉了被巡察单位。" in ending
    assert "scenario-ending is-red" in projector and 'data-testid="scenario-apply-A"' not in projector
    assert "已结束" in _control(ev, "scenario_apply", 1).content.decode()
    assert len(_rows(ev)) == 1


def test_a_good_ending_shows_the_path_kept_with_each_steps_votes():
    ev = scenario_evening()
    _start(ev)
    a, b, _c = ev.members
    _vote(ev, a, 1)
    _vote(ev, b, 1)
    _control(ev, "scenario_reveal")
    _control(ev, "scenario_apply", 1)
    _control(ev, "scenario_apply", 1)  # the lead step needs no votes
    # The host steps back through the agenda and forward again: the room's path is still there.
    _control(ev, "prev")
    _control(ev, "next")
    projector = client_for(ev.host).get(ev.url("present")).content.decode()
    path = projector.split('data-testid="scenario-path"')[1]
    assert "甲：正确做法" in path and "丙：报告组长" in path and "2 票" in path
    assert "scenario-ending is-good" in projector
    rows = _rows(ev)
    assert [(r.step_key, r.choice_label, r.voters) for r in rows] == [
        ("start", "甲：正确做法", 2),
        ("lead", "丙：报告组长", 0),
    ]
    assert rows[0].distribution == {RoomScenarioVote.objects.filter(user=a).get().choice_id: 2}
    # The person's votes are in their own data export.
    sections = personal_records(user=a)
    (vote,) = next(rows for title, rows in sections.items() if "情景" in str(title))
    assert ev.scenario.title in vote.values() and "甲：正确做法" in vote.values()


def test_the_rehearsal_walks_the_branches_without_votes_and_leaves_the_evening_alone():
    ev = scenario_evening()
    host = client_for(ev.host)
    host.post(ev.url("rehearsal"))
    host.post(ev.url("rehearsal_control"), {"action": "goto", "index": SCENARIO_STEP + 1})
    page = host.get(ev.url("rehearsal")).content.decode()
    assert START_SITUATION in page and 'data-testid="scenario-apply-A"' in page  # no votes to wait for
    _vote(ev, ev.members[0], 1)  # phones follow the evening, which has not started
    host.post(ev.url("rehearsal_control"), {"action": "scenario_apply", "index": "1"})
    page = host.get(ev.url("rehearsal")).content.decode()
    assert LEAD_SITUATION in page and "选择“甲：正确做法”之后的结果。" in page
    assert not RoomScenarioVote.objects.exists() and not _rows(ev)
    assert RoomScenarioStep.objects.filter(rehearsal__isnull=False).count() == 2
    host.post(ev.url("rehearsal"))  # a new rehearsal starts the scenario over
    assert not RoomScenarioStep.objects.exists()
    ev.session.refresh_from_db()
    assert ev.session.opened_at is None and ev.session.current_step == 0


@pytest.mark.parametrize("page", ["present", "follow"])
def test_projector_and_phone_queries_do_not_grow_with_votes(page):
    def count(ev, viewer) -> int:
        cache.clear()
        client = client_for(viewer)
        client.get(ev.url(page))
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(ev.url(page)).status_code == 200
        return len(queries)

    measured, scenario = [], None
    for n, prefix in ((1, "few"), (30, "many")):
        ev = scenario_evening(usernames=tuple(f"{prefix}-{i}" for i in range(n)), scenario=scenario)
        scenario = ev.scenario
        _start(ev)
        for user in ev.members:
            _vote(ev, user, 1 + user.pk % 2)
        _control(ev, "scenario_reveal")
        assert RoomScenarioVote.objects.filter(step__session=ev.session).count() == n
        measured.append(count(ev, ev.host if page == "present" else ev.members[0]))
    assert measured[0] == measured[1]
    assert measured[1] <= 30
