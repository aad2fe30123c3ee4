"""The compact per-module bars of a dashboard row, drawn in Python: a round's page has dozens of rows of a
dozen bars each, and a template include (or format_html) per bar costs more than reading the whole round."""

from functools import lru_cache

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
    wording = _("%(number)s. %(module)s: %(percent)s%%")
    items = [
        _bar(
            wording,
            number,
            status.module.title,
            int(status.percent),
            "complete" if status.complete else "locked" if status.locked else "",
        )
        for number, status in enumerate(statuses, start=1)
    ]
    # Every part is escaped in _bar: titles and wording with escape(), the rest are integers.
    return mark_safe(f'<ol class="mini-bars">{"".join(items)}</ol>')


@lru_cache(maxsize=4096)
def _bar(wording: str, number: int, title: str, percent: int, state: str) -> str:
    """One bar. Rows repeat the same few (module, percent, state), so each is built once per process."""
    label = escape(wording) % {"number": number, "module": escape(title), "percent": percent}
    return (
        f'<li class="{state}" title="{label}"><span aria-hidden="true">{number}</span>'
        f'<span class="progress" role="progressbar" aria-valuemin="0" aria-valuemax="100" '
        f'aria-valuenow="{percent}" aria-label="{label}"><span class="pct-{percent}"></span></span></li>'
    )
