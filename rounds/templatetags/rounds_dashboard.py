"""The compact per-module bars of a dashboard row, drawn in Python: a round's page has dozens of rows of a
dozen bars each, and a template include (or format_html) per bar costs more than reading the whole round."""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def module_bars(statuses) -> SafeString:
    """One numbered bar per module (the numbers are the chart's); the module and percent as its label.

    Titles and the translated wording are escaped; numbers are integers.
    """
    wording = escape(_("%(number)s. %(module)s: %(percent)s%%"))
    items = []
    for number, status in enumerate(statuses, start=1):
        percent = int(status.percent)
        label = wording % {"number": number, "module": escape(status.module.title), "percent": percent}
        state = "complete" if status.complete else "locked" if status.locked else ""
        items.append(
            f'<li class="{state}" title="{label}"><span aria-hidden="true">{number}</span>'
            f'<span class="progress" role="progressbar" aria-valuemin="0" aria-valuemax="100" '
            f'aria-valuenow="{percent}" aria-label="{label}"><span style="width:{percent}%"></span></span></li>'
        )
    # Every part is escaped above: titles and wording with escape(), the rest are integers.
    return mark_safe(f'<ol class="mini-bars">{"".join(items)}</ol>')
