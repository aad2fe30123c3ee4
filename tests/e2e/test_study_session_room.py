"""The study-session room: the host's projector and two phones. The host steps on, the phones follow,
one phone answers the live question, the host reveals it and the distribution appears on both screens."""

import pytest
from playwright.sync_api import expect

from core import roles
from quizzes.models import Attempt
from tests.e2e.conftest import open_signed_in
from tests.factories import UserFactory
from tests.studysessions.factories_room import QUESTION_STEP, key_of, room_evening

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
FOLLOW_TIMEOUT = 15_000  # ms: phones poll every 2 s; a loaded machine may need a few rounds


def test_phones_follow_the_projector_and_the_live_question(live_server, browser):
    from django.db import connections

    host = UserFactory(username="room-host", role=roles.TRAINEE)
    for name in ("room-phone-a", "room-phone-b"):
        UserFactory(username=name, role=roles.TRAINEE)
    session, quiz, single, _ = room_evening(host=host, title="周二夜学（浏览器）")
    key = key_of(session)

    projector_context, projector = open_signed_in(
        browser, live_server.url, "room-host", f"/sessions/{key}/present/", phone=False
    )
    projector.locator("[data-testid=open-room]").click()  # opening the room is the host's POST
    phones = [
        open_signed_in(browser, live_server.url, name, f"/sessions/{key}/follow/", phone=True)
        for name in ("room-phone-a", "room-phone-b")
    ]
    counter = "[data-testid=step-counter]"
    expect(projector.locator(counter)).to_have_text("1 / 6")
    for _, phone in phones:
        expect(phone.locator(counter)).to_have_text("1 / 6")
        expect(phone.locator("[data-testid=step]")).to_contain_text("第1条的条文")

    # A clicker's PageDown moves the projector on; the phones follow without being touched.
    projector.keyboard.press("PageDown")
    expect(projector.locator(counter)).to_have_text("2 / 6")
    for _, phone in phones:
        expect(phone.locator(counter)).to_have_text("2 / 6", timeout=FOLLOW_TIMEOUT)
        expect(phone.locator("[data-testid=step]")).to_contain_text("第2条的条文")

    # Straight to the first quiz question, then open it.
    projector.fill(".room-goto input[name=index]", str(QUESTION_STEP + 1))
    projector.click(".room-goto button")
    expect(projector.locator(counter)).to_have_text(f"{QUESTION_STEP + 1} / 6")
    projector.click("[data-testid=open-question]")
    expect(projector.locator("[data-testid=reveal]")).to_be_visible()

    answering, watching = phones[0][1], phones[1][1]
    for phone in (answering, watching):
        expect(phone.locator("[data-testid=submit-answer]")).to_be_visible(timeout=FOLLOW_TIMEOUT)
    answering.locator("label.option", has_text="召开动员会").click()
    answering.click("[data-testid=submit-answer]")
    expect(answering.locator("[data-testid=my-answer]")).to_contain_text("A")

    projector.click("[data-testid=reveal]")
    distribution = projector.locator("[data-testid=distribution]")
    expect(distribution).to_be_visible()
    expect(distribution.locator("[data-testid=bar-count]")).to_have_text(["1", "0", "0"])
    expect(answering.locator("[data-testid=distribution]")).to_be_visible(timeout=FOLLOW_TIMEOUT)
    expect(answering.locator("[data-testid=my-answer] .is-right")).to_be_visible()
    expect(watching.locator("[data-testid=distribution]")).to_be_visible(timeout=FOLLOW_TIMEOUT)
    assert answering.evaluate("document.documentElement.scrollWidth") <= 375

    answer = Attempt.objects.get(quiz=quiz, user__username="room-phone-a").answers.get(question=single)
    assert answer.response == {"choices": [single.choices.get(is_correct=True).pk]}
    assert not Attempt.objects.filter(quiz=quiz, user__username="room-phone-b").exists()
    for context, _ in phones:
        context.close()
    projector_context.close()
    connections.close_all()
