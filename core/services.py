from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from core.models import ReadingPreference


def set_large_text(*, user: AbstractBaseUser, enabled: bool) -> ReadingPreference:
    with transaction.atomic():
        preference, _ = ReadingPreference.objects.update_or_create(user=user, defaults={"large_text": enabled})
    return preference
