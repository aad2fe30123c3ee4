"""Who must pass a second factor. One rule, used by the middleware, the views and the tests."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from core.access import can_access_admin
from core.roles import SEPARATED_ROLES, STAFF_ROLES

SECOND_FACTOR_ROLES = (*STAFF_ROLES, *SEPARATED_ROLES)


def second_factor_required(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Office staff (编辑, 审核, 管理员), the three separated administrators, superusers and anyone who
    can open the admin. Trainees may add one; once they have, they pass it too (see ``must_verify``)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff or can_access_admin(user):
        return True
    return user.groups.filter(name__in=SECOND_FACTOR_ROLES).exists()
