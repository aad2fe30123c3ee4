"""The specialisms snippet: 编辑 add and change, 审核 and 管理员 also delete; 学员 and the 审计员 not at all."""

import pytest
from django.urls import reverse

from core import roles
from talent.models import Specialism
from tests.factories import UserFactory, client_for

pytestmark = pytest.mark.django_db


def test_the_migration_ships_the_usual_specialisms():
    assert {"财经", "审计", "法律", "信息化"} <= set(Specialism.objects.values_list("name", flat=True))


@pytest.mark.parametrize(
    ("role", "may_list", "may_delete"),
    [
        (roles.EDITOR, True, False),
        (roles.REVIEWER, True, True),
        (roles.ADMINISTRATOR, True, True),
        (roles.TRAINEE, False, False),
        (roles.AUDITOR, False, False),
    ],
)
def test_who_keeps_the_list(role, may_list, may_delete):
    user = UserFactory(role=role)
    response = client_for(user).get(reverse("wagtailsnippets_talent_specialism:list"))
    assert (response.status_code == 200) is may_list
    assert user.has_perm("talent.add_specialism") is may_list
    assert user.has_perm("talent.delete_specialism") is may_delete
    assert user.has_perm("talent.view_profiles") is (role == roles.ADMINISTRATOR)
    assert user.has_perm("talent.change_personspecialism") is (role == roles.ADMINISTRATOR)
