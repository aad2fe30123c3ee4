"""The score distribution, as the shared server-drawn bar chart (core.charts): people per band of 10
points, bars compared with the fullest band."""

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from core.charts import Bar, bar_chart_svg
from quizzes.reports import Bucket


def distribution_svg(buckets: list[Bucket], *, title: str) -> SafeString:
    longest = max((b.count for b in buckets), default=0) or 1
    bars = [
        Bar(
            label=bucket.label,
            share=bucket.count / longest,
            value_text=str(bucket.count),
            description=_("%(band)s%%: %(count)s people") % {"band": bucket.label, "count": bucket.count},
        )
        for bucket in buckets
    ]
    return bar_chart_svg(bars=bars, title=title, css_class="quiz-distribution", track=False)
