"""What other apps may ask about rounds: when a person's secondment ends (the review queue stops there)."""

from datetime import date

from django.db.models import Max
from django.db.models.functions import Coalesce
from django.utils import timezone

from rounds.models import TeamMember


def secondment_end(*, user, today: date | None = None) -> date | None:
    """The last day of the person's current secondment(s); None when they are on no round that has not ended."""
    today = today or timezone.localdate()
    ends = TeamMember.objects.filter(user=user).annotate(end=Coalesce("secondment_ends_on", "team__round__ends_on"))
    return ends.filter(end__gte=today).aggregate(last=Max("end"))["last"]
