"""Who must pass a second factor. One rule, used by the middleware, the views and the tests."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q

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


def second_factor_required_ids(*, user_ids) -> set[int]:
    """Of these people, those ``second_factor_required`` names, in one query (for a list of members)."""
    admin_access = {"codename": "access_admin", "content_type__app_label": "wagtailadmin"}
    rule = (
        Q(is_superuser=True)
        | Q(is_staff=True)
        | Q(groups__name__in=SECOND_FACTOR_ROLES)
        | Q(**{f"groups__permissions__{key}": value for key, value in admin_access.items()})
        | Q(**{f"user_permissions__{key}": value for key, value in admin_access.items()})
    )
    users = get_user_model().objects.filter(pk__in=list(user_ids)).filter(rule)
    return set(users.values_list("pk", flat=True).distinct())
