"""A changed secondment (a member added, removed, or their end date moved) re-caps their review queue."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from rounds.models import TeamMember


def _refresh(sender, instance: TeamMember, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    from reviews.api import refresh_schedule

    user = instance.user
    transaction.on_commit(lambda: refresh_schedule(user=user))


def connect() -> None:
    post_save.connect(_refresh, sender=TeamMember, dispatch_uid="rounds.refresh_review_schedule")
    post_delete.connect(_refresh, sender=TeamMember, dispatch_uid="rounds.refresh_review_schedule_delete")
