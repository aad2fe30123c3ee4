"""What the rounds app announces to the apps above it (the review queue listens). Nothing here calls up.

``secondment_changed``: a person's secondment began, ended or moved (a team member was added, removed or
their end date changed). Sent with ``user``; the change may not be committed yet.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal

from rounds.models import TeamMember

secondment_changed = Signal()


def _on_member_changed(sender, instance: TeamMember, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    secondment_changed.send(sender=TeamMember, user=instance.user)


def connect() -> None:
    post_save.connect(_on_member_changed, sender=TeamMember, dispatch_uid="rounds.secondment_changed")
    post_delete.connect(_on_member_changed, sender=TeamMember, dispatch_uid="rounds.secondment_changed_delete")
