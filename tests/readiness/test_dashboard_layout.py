"""The office dashboard reads at a glance (issue 15): status pills never break mid-word, and body and table text
are at least 15 px, on a phone and on a 1366×768 screen. Checked in the browser, by computed style and by the
pills' own height (one line)."""

import re

import pytest

from core import roles
from tests.accounts.helpers import authenticator_of, enter_second_factor_in_browser
from tests.e2e.conftest import browser  # noqa: F401  (the fixture)
from tests.factories import UserFactory
from tests.rounds.factories import InspectionTeamFactory, ModuleFactory, TeamMemberFactory, TrackFactory, add_lessons

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

MIN_TEXT_PX = 15

PILL_STYLES = """() => [...document.querySelectorAll('.state-summary .badge, [data-testid=state]')].map(pill => {
  const style = getComputedStyle(pill);
  const fontSize = parseFloat(style.fontSize);
  return {text: pill.innerText, whiteSpace: style.whiteSpace, fontSize: fontSize,
          height: pill.getBoundingClientRect().height, lineHeight: parseFloat(style.lineHeight) || 1.7 * fontSize};
})"""

TEXT_SIZES = """() => [...document.querySelectorAll('main p, main td, main td .meta, main li, main th')]
  .filter(element => element.innerText.trim() && element.getBoundingClientRect().height > 0)
  .map(element => ({text: element.innerText.slice(0, 30), size: parseFloat(getComputedStyle(element).fontSize)}))"""


def _round():
    track = TrackFactory()
    for number in range(3):
        add_lessons(ModuleFactory(track=track, title=f"模块{number + 1}", sort_order=number))
    team = InspectionTeamFactory(round__track=track, round__name="第九轮巡察（看板）", name="第一巡察组")
    for number in range(4):
        TeamMemberFactory(team=team, user=UserFactory(first_name=f"组员{number}", role=roles.TRAINEE))
    manager = UserFactory(username="office-lead", role=roles.EDITOR)
    authenticator_of(manager)
    team.round.managers.set([manager])
    team.round.save()  # a ParentalManyToManyField is written on save
    return team.round


@pytest.mark.parametrize("viewport", [(375, 812), (1366, 768)])
def test_pills_stay_on_one_line_and_text_is_at_least_15_px(live_server, browser, viewport):  # noqa: F811
    inspection_round = _round()
    width, height = viewport
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    path = f"/rounds/{inspection_round.pk}/"
    page.goto(live_server.url + path)
    page.fill("#id_username", "office-lead")
    page.fill("#id_password", "pw-for-tests")
    page.click("form.stacked-form button[type=submit]")
    enter_second_factor_in_browser(page, "office-lead")
    page.wait_for_url(re.compile(re.escape(path) + "$"))

    pills = page.evaluate(PILL_STYLES)
    assert len(pills) >= 4 + 1  # the members' states and the summary
    for pill in pills:
        assert pill["whiteSpace"] == "nowrap", pill
        assert pill["fontSize"] >= MIN_TEXT_PX, pill
        assert pill["height"] < 2 * pill["lineHeight"], pill  # one line
    small = [t for t in page.evaluate(TEXT_SIZES) if t["size"] < MIN_TEXT_PX - 0.01]
    assert not small, small
    # The page never scrolls sideways; a wide table scrolls inside its own box.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate("getComputedStyle(document.querySelector('.table-wrap')).overflowX") == "auto"
    context.close()
