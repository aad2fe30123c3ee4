"""A trainee on a 375 px phone opens their team's field pack, ticks a point covered and finds it ticked after a
reload, with the training-material notice on the page and nothing wider than the screen (issue 17)."""

import pytest

from core import roles
from core.models import UnitType
from rounds.models import TeamMember, TeamRole
from supervision.models import CoverageTick
from tests.factories import ProblemCategoryFactory, UserFactory
from tests.supervision.factories import make_point, team_with_units

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_member_ticks_a_point_of_their_field_pack_and_sees_it_after_a_reload(live_server, phone):
    township = UnitType.objects.get(name="乡镇")
    point = make_point(
        title="“三重一大”集体决策",
        category=ProblemCategoryFactory(),
        unit_types=[township],
        documents=[("党委会议记录", "与支付凭证对照")],
        red_flags=["大额支出找不到会议纪要"],
    )
    team = team_with_units(township, name="第一巡察组")
    unit = team.units.get()
    trainee = UserFactory(username="pack-trainee", role=roles.TRAINEE)
    TeamMember.objects.create(team=team, user=trainee, role=TeamRole.MEMBER)
    page = phone

    page.goto(f"{live_server.url}/supervision/teams/{team.pk}/")
    page.fill("#id_username", "pack-trainee")
    page.fill("#id_password", "pw-for-tests")
    page.click("form.stacked-form button[type=submit]")
    page.wait_for_selector("[data-testid=field-pack]")

    assert page.locator("[data-testid=training-material-notice]").is_visible()
    assert "党委会议记录" in page.locator("#documents").inner_text()
    card = page.locator(f"#unit-{unit.pk}-point-{point.pk}")
    button = card.locator("[data-testid=tick]")
    assert button.bounding_box()["height"] >= 44  # a thumb-sized target
    button.click()
    page.wait_for_selector(f"#unit-{unit.pk}-point-{point.pk} [data-testid=untick]")

    page.reload()
    assert card.locator("[data-testid=untick]").is_visible()
    assert "已覆盖 1 / 1" in page.locator("[data-testid=unit-coverage]").first.inner_text()
    assert CoverageTick.objects.filter(team=team, unit=unit, point=point, ticked_by=trainee).exists()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # Nothing is loaded from outside the site.
    assert all(url.startswith(live_server.url) or url.startswith("data:") for url in page.requested_urls)
