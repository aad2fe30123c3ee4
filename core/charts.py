"""Horizontal bar charts as inline SVG, drawn on the server from one template: no scripts, nothing fetched.

Each bar takes two lines, its label above the bar, so long Chinese labels stay readable at a phone's width.
Text takes the page's colour (currentColor), so it reads in the site's and the admin's light and dark
themes. The title, and a description listing every value, are what a screen reader announces. The
template (site/templates/includes/bar_chart.svg) escapes every string.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

WIDTH = 360
ROW = 40
PAD = 6
BAR_HEIGHT = 12
VALUE_WIDTH = 44
LABEL_CHARS = 26
BAR_COLOUR = "#2f7d3c"
TRACK_COLOUR = "#ece6dc"


@dataclass(frozen=True)
class Bar:
    label: str
    #: The bar's length as a share of the longest possible (0 to 1).
    share: float
    #: Shown after the bar: "80%", "3".
    value_text: str
    #: What a screen reader says of this bar.
    description: str


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def bar_chart_svg(*, bars: list[Bar], title: str, css_class: str, track: bool = True) -> SafeString:
    """One bar per entry. ``track`` draws the full length behind each bar (for shares of a whole, so 100%
    is visible); without it bars are compared with each other (counts)."""
    room = WIDTH - VALUE_WIDTH
    rows = []
    for i, bar in enumerate(bars):
        top = PAD + i * ROW
        rows.append(
            {
                "bar": bar,
                "label": _short(bar.label),
                "label_y": top + 14,
                "bar_y": top + 20,
                "width": round(room * max(0.0, min(bar.share, 1.0)), 1),
                "value_y": top + 20 + BAR_HEIGHT - 1,
            }
        )
    context = {
        "rows": rows,
        "title": title,
        "description": "；".join(bar.description for bar in bars),
        "css_class": css_class,
        "track": track,
        "width": WIDTH,
        "height": 2 * PAD + ROW * len(bars),
        "room": room,
        "value_x": room + 6,
        "bar_height": BAR_HEIGHT,
        "bar_colour": BAR_COLOUR,
        "track_colour": TRACK_COLOUR,
    }
    # The template is autoescaped; strip the whitespace between tags that its layout adds.
    return mark_safe(" ".join(render_to_string("includes/bar_chart.svg", context).split()).replace("> <", "><"))
