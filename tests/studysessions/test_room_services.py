"""The room's services: the host's remote, the live question, the end of the evening."""

import datetime

import pytest
from django.http import QueryDict

from quizzes.models import Attempt, AttemptStatus
from studysessions.room import services as room
from studysessions.room.selectors import my_live_answer, room_state, room_view
from tests.factories import UserFactory
from tests.studysessions.factories_room import QUESTION_STEP, START, TRUE_FALSE_STEP, room_evening

pytestmark = pytest.mark.django_db
NOW = START + datetime.timedelta(minutes=5)


def _opened():
    session, quiz, single, true_false = room_evening()
    session = room.open_room(series=session.series, slot_start=session.slot_start, now=NOW)
    return session, quiz, single, true_false


def _press(session, action, **kwargs):
    return room.control(session=session, action=action, now=NOW, **kwargs)


def _post(**fields) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, values in fields.items():
        data.setlist(name, values if isinstance(values, list) else [values])
    return data


def test_opening_the_room_sets_opened_at_once_and_bumps_the_version():
    session, *_ = room_evening()
    opened = room.open_room(series=session.series, slot_start=session.slot_start, now=NOW)
    assert opened.opened_at == NOW and opened.live_version == 1
    again = room.open_room(series=session.series, slot_start=session.slot_start, now=NOW + datetime.timedelta(hours=1))
    assert again.opened_at == NOW and again.live_version == 1


def test_next_prev_and_goto_stay_in_range_and_remember_the_furthest_step():
    session, *_ = _opened()
    assert _press(session, "prev").current_step == 0
    for _ in range(10):
        session = _press(session, "next")
    assert session.current_step == 5 and session.furthest_step == 5
    session = _press(session, "goto", index=1)
    assert session.current_step == 1 and session.furthest_step == 5
    with pytest.raises(room.RoomError):
        _press(session, "goto", index=6)
    with pytest.raises(room.RoomError):
        _press(session, "goto", index=None)
    session.refresh_from_db()
    # open + 10 next + prev + goto: every accepted press moved the version once.
    assert session.live_version == 13
    assert room_state(series_id=session.series_id, slot_start=session.slot_start)["step"] == 1


def test_a_question_opens_only_on_its_quiz_step_and_reveal_needs_an_open_question():
    session, _, single, _ = _opened()
    with pytest.raises(room.RoomError):
        _press(session, "open_question")
    with pytest.raises(room.RoomError):
        _press(session, "reveal")
    _press(session, "goto", index=QUESTION_STEP)
    session = _press(session, "open_question")
    assert session.live_question_id == single.pk and not session.live_revealed
    session = _press(session, "reveal")
    assert session.live_revealed
    session = _press(session, "close_question")
    assert session.live_question_id is None and not session.live_revealed
    with pytest.raises(room.RoomError):
        _press(session, "jump")


def test_a_live_answer_is_saved_in_the_quiz_attempt_and_counted_when_revealed():
    session, quiz, single, _ = _opened()
    _press(session, "goto", index=QUESTION_STEP)
    session = _press(session, "open_question")
    right, wrong = (c.pk for c in single.choices.order_by("sort_order")[:2])
    alice, bob = UserFactory(), UserFactory()
    room.answer_live_question(session=session, user=alice, form_data=_post(choice=str(right)), now=NOW)
    room.answer_live_question(session=session, user=bob, form_data=_post(choice=str(wrong)), now=NOW)
    answer = Attempt.objects.get(quiz=quiz, user=alice).answers.get(question=single)
    assert answer.response == {"choices": [right]} and answer.answered_at == NOW

    view = room_view(session=session)
    assert view.live.bars == []  # not revealed: nothing counted on the projector yet
    session = _press(session, "reveal")
    view = room_view(session=session)
    assert view.live.answered == 2
    assert [(b.option.letter, b.count, b.percent, b.option.correct) for b in view.live.bars] == [
        ("A", 1, 50, True),
        ("B", 1, 50, False),
        ("C", 0, 0, False),
    ]
    mine = my_live_answer(session=session, user=bob, live=view.live)
    assert mine.letters == "B" and mine.correct is False
    with pytest.raises(room.RoomError):
        room.answer_live_question(session=session, user=UserFactory(), form_data=_post(choice=str(right)), now=NOW)


def test_a_true_false_live_answer_and_refusals_leave_nothing_half_written():
    session, quiz, _, true_false = _opened()
    user = UserFactory()
    with pytest.raises(room.RoomError):  # nothing open yet
        room.answer_live_question(session=session, user=user, form_data=_post(value="false"), now=NOW)
    _press(session, "goto", index=TRUE_FALSE_STEP)
    session = _press(session, "open_question")
    with pytest.raises(room.RoomError):  # no answer chosen
        room.answer_live_question(session=session, user=user, form_data=_post(), now=NOW)
    assert not Attempt.objects.get(quiz=quiz, user=user).answers.filter(answered_at__isnull=False).exists()
    room.answer_live_question(session=session, user=user, form_data=_post(value="false"), now=NOW)
    assert Attempt.objects.get(quiz=quiz, user=user).answers.get(question=true_false).response == {"value": False}


def test_a_question_missing_from_a_drawn_attempt_gets_a_clear_refusal():
    session, quiz, single, _ = _opened()
    _press(session, "goto", index=QUESTION_STEP)
    session = _press(session, "open_question")
    user = UserFactory()
    attempt = room.quizzes_api.start_attempt(quiz=quiz, user=user, now=NOW)
    attempt.answers.filter(question=single).delete()  # as if a random draw had left it out
    with pytest.raises(room.RoomError, match="没有这道题"):
        room.answer_live_question(session=session, user=user, form_data=_post(choice="1"), now=NOW)


def test_ending_submits_tonights_attempts_and_stops_the_room():
    session, quiz, single, _ = _opened()
    _press(session, "goto", index=QUESTION_STEP)
    session = _press(session, "open_question")
    right = single.choices.get(is_correct=True).pk
    user = UserFactory()
    room.answer_live_question(session=session, user=user, form_data=_post(choice=str(right)), now=NOW)
    earlier = UserFactory()  # an attempt of the same quiz from before the evening is left alone
    old = room.quizzes_api.start_attempt(quiz=quiz, user=earlier, now=NOW - datetime.timedelta(days=1))
    end = NOW + datetime.timedelta(hours=2)
    session = room.control(session=session, action="end", now=end)
    assert session.closed_at == end and session.live_question_id is None
    attempt = Attempt.objects.get(quiz=quiz, user=user)
    assert attempt.status == AttemptStatus.COMPLETED and attempt.score == 1 and attempt.finished_at == end
    old.refresh_from_db()
    assert old.status == AttemptStatus.IN_PROGRESS
    assert room_state(series_id=session.series_id, slot_start=session.slot_start)["closed"]
    with pytest.raises(room.RoomError):
        room.control(session=session, action="next", now=end)


def test_ending_records_the_articles_shown_for_those_present():
    from courses.models import CompletionRecord
    from studysessions.models import Attendance

    session, *_ = _opened()
    present, absent = UserFactory(), UserFactory()
    Attendance.objects.create(session=session, user=present, status="present", method="roster")
    Attendance.objects.create(session=session, user=absent, status="absent", method="roster")
    session = _press(session, "next")  # the second article was shown: both articles were covered
    _press(session, "prev")
    room.control(session=session, action="end", now=NOW + datetime.timedelta(hours=2))
    assert CompletionRecord.objects.filter(user=present, kind="article").count() == 2
    assert not CompletionRecord.objects.filter(user=absent).exists()
