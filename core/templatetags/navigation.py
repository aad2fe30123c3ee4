from django import template

from core.navigation import main_menu_links

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The sections shown in the header (see core.navigation)."""
    request = context.get("request")
    return main_menu_links(request=request) if request else []
