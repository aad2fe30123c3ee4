"""Completion per module as an inline SVG bar chart, drawn on the server: no scripts, nothing fetched.

Each module takes two lines, its numbered title above its bar, so long Chinese titles stay readable at a
phone's width. Bars are drawn against a full-width track, so 100% is visible. Text takes the page's colour
(currentColor); the title and a description listing every value are what a screen reader announces.
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from readiness.dashboard import ModuleCompletion

WIDTH = 360
ROW = 40
PAD = 6
BAR_HEIGHT = 12
PERCENT_WIDTH = 44
LABEL_CHARS = 26
BAR_COLOUR = "#2f7d3c"
TRACK_COLOUR = "#ece6dc"


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def completion_svg(modules: list[ModuleCompletion], *, title: str) -> SafeString:
    """One bar per module: the share of members shown who completed it. Every string in it is escaped."""
    height = 2 * PAD + ROW * len(modules)
    room = WIDTH - PERCENT_WIDTH
    rows, descriptions = [], []
    for i, entry in enumerate(modules):
        y = PAD + i * ROW
        description = _("%(number)s. %(module)s: %(percent)s%% (%(completed)s of %(total)s)") % {
            "number": entry.number,
            "module": entry.module.title,
            "percent": entry.percent,
            "completed": entry.completed,
            "total": entry.total,
        }
        descriptions.append(description)
        label = f"{entry.number}. {_short(entry.module.title)}"
        rows.append((description, y + 14, label, y + 20, room, y + 20, round(room * entry.percent / 100, 1), entry))
    bars = format_html_join(
        "",
        '<g class="chart-bar"><title>{}</title><text x="0" y="{}" fill="currentColor">{}</text>'
        '<rect x="0" y="{}" width="{}" height="{}" rx="2" fill="{}"></rect>'
        '<rect x="0" y="{}" width="{}" height="{}" rx="2" fill="{}"></rect>'
        '<text x="{}" y="{}" fill="currentColor">{}%</text></g>',
        (
            (
                description,
                label_y,
                label,
                track_y,
                track_width,
                BAR_HEIGHT,
                TRACK_COLOUR,
                bar_y,
                bar_width,
                BAR_HEIGHT,
                BAR_COLOUR,
                room + 6,
                bar_y + BAR_HEIGHT - 1,
                entry.percent,
            )
            for description, label_y, label, track_y, track_width, bar_y, bar_width, entry in rows
        ),
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" '
        'aria-labelledby="completion-chart-title completion-chart-desc" class="completion-chart" '
        'style="width:100%;max-width:30rem;height:auto" font-size="13">'
        '<title id="completion-chart-title">{}</title><desc id="completion-chart-desc">{}</desc>{}</svg>',
        WIDTH,
        height,
        title,
        "；".join(descriptions),
        bars,
    )
