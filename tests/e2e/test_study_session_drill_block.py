"""定性练习 in the 夜学 room on a 375 px phone: the projector shows the facts, the phone taps the category (a
sub-type under its top level), the host reveals, the distribution and the phone's result appear."""

import re

import pytest
from playwright.sync_api import expect

from studysessions.models import RoomDrillAnswer
from tests.e2e.conftest import open_signed_in
from tests.studysessions.factories_drill import CHARACTERISATION, FACTS, FACTS_STEP, TITLE, drill_evening

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
FOLLOW_TIMEOUT = 15_000  # ms: phones poll every 2 s; a loaded machine may need a few rounds


def test_a_phone_answers_the_category_and_the_host_reveals_the_distribution(live_server, browser):
    from django.db import connections

    ev = drill_evening(usernames=("drill-phone",))
    projector_context, projector = open_signed_in(
        browser, live_server.url, ev.host.username, f"/sessions/{ev.key}/present/", phone=False
    )
    projector.locator("[data-testid=open-room]").click()
    phone_context, phone = open_signed_in(
        browser, live_server.url, "drill-phone", f"/sessions/{ev.key}/follow/", phone=True
    )

    projector.fill(".room-goto input[name=index]", str(FACTS_STEP + 1))
    projector.click(".room-goto button")
    expect(projector.locator("[data-testid=drill-facts]")).to_contain_text(FACTS)
    expect(projector.locator("[data-testid=step]")).not_to_contain_text(TITLE)

    expect(phone.locator("[data-testid=submit-drill]")).to_be_visible(timeout=FOLLOW_TIMEOUT)
    expect(phone.locator("[data-testid=drill-facts]")).to_contain_text(FACTS)
    phone.locator("details.drill-branch summary", has_text=ev.tax.discipline.name).click()
    phone.locator("label.option", has_text=ev.tax.mass.name).click()
    phone.click("[data-testid=submit-drill]")
    expect(phone.locator("[data-testid=drill-mine]")).to_contain_text(ev.tax.mass.name)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375

    projector.click("[data-testid=reveal]")
    distribution = projector.locator("[data-testid=drill-distribution]")
    expect(distribution).to_be_visible()
    expect(distribution.locator(".bar-row.is-correct", has_text=ev.tax.mass.name)).to_contain_text("1")
    expect(projector.locator("[data-testid=drill-characterisation]")).to_contain_text(CHARACTERISATION)
    expect(phone.locator("[data-testid=drill-distribution]")).to_be_visible(timeout=FOLLOW_TIMEOUT)
    expect(phone.locator("[data-testid=drill-result]")).to_have_class(re.compile("is-right"))
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    assert RoomDrillAnswer.objects.get(user__username="drill-phone").category == ev.tax.mass

    phone_context.close()
    projector_context.close()
    connections.close_all()
