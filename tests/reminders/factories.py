"""A current round whose track has one module due a given number of days from today."""

import datetime

from django.utils import timezone

from courses.models import ItemKind
from courses.services import record_completion
from declarations.models import Acknowledgement, AcknowledgementText
from declarations.services import confirm_for_round
from tests.factories import UserFactory
from tests.rounds.factories import (
    InspectionRoundFactory,
    InspectionTeamFactory,
    ModuleFactory,
    TeamMemberFactory,
    add_lessons,
)


def round_due_in(days: int, *, members: int = 1, requires_recusal: bool = False, email: bool = True, lessons: int = 1):
    """A round starting in ``days`` days whose one module (its first lesson returned) is due the day it starts."""
    today = timezone.localdate()
    round_ = InspectionRoundFactory(starts_on=today + datetime.timedelta(days=days))
    if days < 0:
        round_.ends_on = today + datetime.timedelta(days=30)
        round_.save()
    module = ModuleFactory(
        track=round_.track, title="巡察工作条例", due_days_before_start=0, requires_recusal=requires_recusal
    )
    lesson, *_others = add_lessons(module, lessons)
    team = InspectionTeamFactory(round=round_, name="第一巡察组")
    people = [
        TeamMemberFactory(team=team, user=UserFactory(email=f"m{i}-{round_.pk}@example.org" if email else "")).user
        for i in range(members)
    ]
    return round_, module, lesson, people


def study(user, lesson):
    record_completion(user=user, kind=ItemKind.LESSON, item_id=lesson.pk)


def sign(user, kind, inspection_round):
    """Agree to the current text and confirm it for the round (a declaration counts per round)."""
    text = AcknowledgementText.objects.filter(kind=kind).order_by("-version").first()
    if text is None:
        text = AcknowledgementText.objects.create(kind=kind, version=1, title="示例承诺", body="示例正文")
    Acknowledgement.objects.create(user=user, text=text, agreed_at=timezone.now())
    confirm_for_round(user=user, inspection_round=inspection_round, kind=kind)
