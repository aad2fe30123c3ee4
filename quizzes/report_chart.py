"""The score distribution as an inline SVG bar chart, drawn on the server: no scripts, nothing fetched.

Bars run across so that band labels and counts stay readable when the chart shrinks to a phone's width.
Text takes the page's colour (currentColor), so it reads in the admin's light and dark themes.
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from quizzes.reports import Bucket

WIDTH = 320
ROW = 24
PAD = 6
LABEL_WIDTH = 56
COUNT_WIDTH = 40
BAR_COLOUR = "#007d7e"


def distribution_svg(buckets: list[Bucket], *, title: str) -> SafeString:
    """One bar per band with its label and count; every string in it is escaped."""
    height = 2 * PAD + ROW * len(buckets)
    longest = max((b.count for b in buckets), default=0) or 1
    room = WIDTH - LABEL_WIDTH - COUNT_WIDTH
    rows = []
    for i, bucket in enumerate(buckets):
        y = PAD + i * ROW
        width = round(room * bucket.count / longest, 1)
        description = _("%(band)s%%: %(count)s people") % {"band": bucket.label, "count": bucket.count}
        rows.append((description, y, bucket.label, width, bucket.count))
    bars = format_html_join(
        "",
        '<g><title>{}</title><text x="{}" y="{}" text-anchor="end" fill="currentColor">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" rx="2" fill="{}"></rect>'
        '<text x="{}" y="{}" fill="currentColor">{}</text></g>',
        (
            (
                description,
                LABEL_WIDTH - 6,
                y + ROW - 8,
                label,
                LABEL_WIDTH,
                y + 4,
                width,
                ROW - 8,
                BAR_COLOUR,
                LABEL_WIDTH + width + 4,
                y + ROW - 8,
                count,
            )
            for description, y, label, width, count in rows
        ),
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" aria-label="{}" '
        'class="quiz-distribution" style="width:100%;max-width:36rem;height:auto" font-size="12">'
        "<title>{}</title>{}</svg>",
        WIDTH,
        height,
        title,
        title,
        bars,
    )
