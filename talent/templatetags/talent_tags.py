"""The header's two talent links, and 学时 as people read them."""

from dataclasses import dataclass

from django import template
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef

from rounds.api import InspectionRound, TeamMember
from talent.models import VIEW_PROFILES

register = template.Library()


@dataclass(frozen=True)
class TalentMenu:
    #: Named a manager of some round (the readiness dashboard's link follows it too).
    manages_a_round: bool
    #: 我的成长档案: the person served on a round.
    has_record: bool
    #: 人才库: 管理员, and round managers (talent.selectors.may_view_profiles, worked out in the same query).
    may_search: bool


@register.simple_tag(takes_context=True)
def talent_menu(context) -> TalentMenu:
    """One query for both questions, whatever the page."""
    user = getattr(context.get("request"), "user", None)
    if user is None or not user.is_authenticated:
        return TalentMenu(manages_a_round=False, has_record=False, may_search=False)
    row = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(
            manages=Exists(InspectionRound.objects.filter(managers=OuterRef("pk"))),
            member=Exists(TeamMember.objects.filter(user=OuterRef("pk"))),
        )
        .values_list("manages", "member")
        .first()
    ) or (False, False)
    manages, member = row
    return TalentMenu(
        manages_a_round=manages,
        has_record=member,
        may_search=user.is_active and (manages or user.has_perm(VIEW_PROFILES)),
    )


@register.filter
def study_hours(minutes: int) -> str:
    """学时 with one decimal (90 minutes → "1.5"), as the certificates print them."""
    return f"{(minutes or 0) / 60:.1f}"
