"""The list form of the second-factor rule names the same people as the rule itself."""

import pytest

from accounts.policy import second_factor_required, second_factor_required_ids
from core import roles
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_ids_agree_with_the_rule_for_every_role(separated_roles):
    people = [UserFactory(role=role) for role in (*roles.ROLES, *roles.SEPARATED_ROLES)]
    people += [UserFactory(), UserFactory(is_staff=True), UserFactory(is_superuser=True)]
    expected = {person.pk for person in people if second_factor_required(person)}
    assert expected and expected != {person.pk for person in people}
    assert second_factor_required_ids(user_ids=[person.pk for person in people]) == expected
