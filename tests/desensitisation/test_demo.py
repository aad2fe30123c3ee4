"""The demo gazetteer: fictional names marked 示例, loaded once."""

import pytest

from desensitisation.models import PlaceName
from fixtures.desensitisation_loader import load_demo_desensitisation

pytestmark = pytest.mark.django_db


def test_the_demo_gazetteer_loads_once_and_is_marked_as_sample():
    created = load_demo_desensitisation()
    assert len(created) == PlaceName.objects.count() > 0
    assert all("示例" in note for note in PlaceName.objects.values_list("note", flat=True))
    assert load_demo_desensitisation() == []
