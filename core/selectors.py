from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from core.models import ReadingPreference


def wants_large_text(*, user: AbstractBaseUser | AnonymousUser) -> bool:
    if not user.is_authenticated:
        return False
    return ReadingPreference.objects.filter(user=user, large_text=True).exists()
