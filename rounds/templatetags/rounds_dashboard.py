"""The compact per-module bars of a dashboard row, drawn in Python: a round's page has hundreds of rows
of a dozen bars each, and a template include per bar would cost more than reading the whole round."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def module_bars(statuses) -> SafeString:
    """One numbered bar per module (the numbers are the chart's); the module and percent as its label."""
    template_label = _("%(number)s. %(module)s: %(percent)s%%")
    items = []
    for number, status in enumerate(statuses, start=1):
        percent = status.percent
        label = template_label % {"number": number, "module": status.module.title, "percent": percent}
        state = "complete" if status.complete else "locked" if status.locked else ""
        items.append((state, label, number, percent, label, percent))
    return format_html(
        '<ol class="mini-bars">{}</ol>',
        format_html_join(
            "",
            '<li class="{}" title="{}"><span aria-hidden="true">{}</span>'
            '<span class="progress" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow="{}" '
            'aria-label="{}"><span style="width:{}%"></span></span></li>',
            items,
        ),
    )
