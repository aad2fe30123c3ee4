import pytest
from django.contrib.auth.models import Group
from django.utils import translation

from core import roles


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def separated_roles(db):
    """The 三员 groups (their migrations create them; get_or_create keeps these tests independent of order)."""
    return [Group.objects.get_or_create(name=name)[0] for name in roles.SEPARATED_ROLES]
