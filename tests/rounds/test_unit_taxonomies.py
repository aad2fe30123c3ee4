"""系统 and 区域 for recusal matching: editors keep them in the admin; units and ties may carry one of each."""

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.urls import reverse

from core import roles
from rounds.models import InspectedUnit, Region, UnitSystem
from tests.factories import UserFactory, client_for
from tests.rounds.factories import InspectedUnitFactory, RegionFactory, UnitSystemFactory

pytestmark = pytest.mark.django_db

SYSTEMS = "wagtailsnippets_rounds_unitsystem:list"
ADD_SYSTEM = "wagtailsnippets_rounds_unitsystem:add"
REGIONS = "wagtailsnippets_rounds_region:list"
ADD_REGION = "wagtailsnippets_rounds_region:add"


@pytest.mark.parametrize("role", [roles.EDITOR, roles.ADMINISTRATOR])
def test_editors_and_administrators_keep_both_lists(role):
    client = client_for(UserFactory(role=role))
    assert client.post(reverse(ADD_SYSTEM), {"name": "教育", "slug": "edu", "sort_order": 0}).status_code == 302
    town_data = {"name": "示例镇", "slug": "town", "sort_order": 0, "description": ""}
    assert client.post(reverse(ADD_REGION), town_data).status_code == 302
    town = Region.objects.get(slug="town")
    village = {"name": "示例村", "slug": "village", "parent": town.pk, "sort_order": 0, "description": ""}
    assert client.post(reverse(ADD_REGION), village).status_code == 302
    listing = client.get(reverse(REGIONS)).content.decode()
    assert "示例村" in listing and client.get(reverse(SYSTEMS)).status_code == 200
    assert UnitSystem.objects.get().name == "教育" and Region.objects.get(slug="village").parent == town


@pytest.mark.parametrize("role", [roles.TRAINEE, roles.REVIEWER])
def test_others_cannot_add_to_them(role):
    client = client_for(UserFactory(role=role))
    client.post(reverse(ADD_SYSTEM), {"name": "教育", "slug": "edu", "sort_order": 0})
    assert not UnitSystem.objects.exists()


def test_regions_are_two_levels_deep():
    village = RegionFactory(parent=RegionFactory())
    with pytest.raises(ValidationError):
        Region(name="第三层", slug="third", parent=village).full_clean()


def test_a_unit_may_carry_a_system_and_a_region_and_neither_is_required():
    system, region = UnitSystemFactory(name="卫健"), RegionFactory(name="示例镇")
    unit = InspectedUnitFactory(system=system, region=region)
    plain = InspectedUnitFactory()
    assert InspectedUnit.objects.get(pk=unit.pk).system.name == "卫健"
    assert plain.system is None and plain.region is None
    # A term in use is kept: it cannot be deleted from under a unit.
    with pytest.raises(ProtectedError):
        system.delete()
