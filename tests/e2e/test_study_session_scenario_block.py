"""情景演练 in the 夜学 room on a 375 px phone: the phone votes for a choice, the host shows the votes and applies
the choice, the projector shows its consequence and the next step (a 线索登记 step, discussed, not typed)."""

import pytest
from playwright.sync_api import expect

from studysessions.models import RoomScenarioVote
from tests.e2e.conftest import open_signed_in
from tests.studysessions.test_scenario_block import LEAD_SITUATION, SCENARIO_STEP, START_SITUATION, scenario_evening

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
FOLLOW_TIMEOUT = 15_000  # ms: phones poll every 2 s; a loaded machine may need a few rounds


def test_a_phone_votes_the_host_applies_the_choice_and_the_room_moves_on(live_server, browser):
    from django.db import connections

    ev = scenario_evening(usernames=("scenario-phone",))
    projector_context, projector = open_signed_in(
        browser, live_server.url, ev.host.username, f"/sessions/{ev.key}/present/", phone=False
    )
    projector.locator("[data-testid=open-room]").click()
    phone_context, phone = open_signed_in(
        browser, live_server.url, "scenario-phone", f"/sessions/{ev.key}/follow/", phone=True
    )

    projector.fill(".room-goto input[name=index]", str(SCENARIO_STEP + 1))
    projector.click(".room-goto button")
    expect(projector.locator("[data-testid=scenario-situation]")).to_contain_text(START_SITUATION)
    expect(projector.locator("[data-testid=scenario-choices]")).to_contain_text("甲：正确做法")

    expect(phone.locator("[data-testid=submit-scenario-vote]")).to_be_visible(timeout=FOLLOW_TIMEOUT)
    phone.locator("label.option", has_text="甲：正确做法").click()
    phone.click("[data-testid=submit-scenario-vote]")
    expect(phone.locator("[data-testid=scenario-mine]")).to_contain_text("甲：正确做法")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375

    projector.click("[data-testid=scenario-reveal]")
    bar = projector.locator("[data-testid=scenario-bar]", has_text="甲：正确做法")
    expect(bar.locator("[data-testid=bar-count]")).to_have_text("1")
    projector.click("[data-testid=scenario-apply-A]")
    expect(projector.locator("[data-testid=scenario-consequence]")).to_contain_text("选择“甲：正确做法”之后的结果。")
    expect(projector.locator("[data-testid=scenario-situation]")).to_contain_text(LEAD_SITUATION)
    expect(projector.locator("[data-testid=scenario-lead-note]")).to_be_visible()

    expect(phone.locator("[data-testid=scenario-consequence]")).to_be_visible(timeout=FOLLOW_TIMEOUT)
    expect(phone.locator("[data-testid=scenario-situation]")).to_contain_text(LEAD_SITUATION)
    expect(phone.locator("[data-testid=submit-scenario-vote]")).to_have_count(0)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    assert RoomScenarioVote.objects.get(user__username="scenario-phone").choice_label == "甲：正确做法"

    phone_context.close()
    projector_context.close()
    connections.close_all()
