"""The header's two talent links (talent.selectors.talent_menu), and 学时 as people read them."""

from django import template

from hours.api import format_hours
from talent.selectors import TalentMenu
from talent.selectors import talent_menu as menu_for

register = template.Library()


@register.simple_tag(takes_context=True)
def talent_menu(context) -> TalentMenu:
    request = context.get("request")
    if request is None:
        return TalentMenu(manages_a_round=False, has_record=False, may_search=False)
    return menu_for(user=request.user)


@register.filter
def study_hours(minutes: int) -> str:
    """学时 with one decimal (90 minutes → "1.5"), as the certificates print them."""
    return format_hours(minutes or 0)
