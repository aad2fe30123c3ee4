"""Who may go where. One place for the rule, so the middleware and the tests agree."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


def can_access_admin(user: AbstractBaseUser | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm("wagtailadmin.access_admin"))
