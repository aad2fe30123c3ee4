"""Completion per module, as the shared server-drawn bar chart (core.charts): the share of members shown
who completed each module, against a full-width track so 100% is visible."""

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from core.charts import Bar, bar_chart_svg
from readiness.dashboard import ModuleCompletion


def completion_svg(modules: list[ModuleCompletion], *, title: str) -> SafeString:
    bars = [
        Bar(
            label=f"{entry.number}. {entry.module.title}",
            share=entry.percent / 100,
            value_text=f"{entry.percent}%",
            description=_("%(number)s. %(module)s: %(percent)s%% (%(completed)s of %(total)s)")
            % {
                "number": entry.number,
                "module": entry.module.title,
                "percent": entry.percent,
                "completed": entry.completed,
                "total": entry.total,
            },
        )
        for entry in modules
    ]
    return bar_chart_svg(bars=bars, title=title, css_class="completion-chart")
