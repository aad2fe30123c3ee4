"""The office dashboard: rounds a person may see, one round's members, and the Excel export. Thin views."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from rounds import services
from rounds.chart import completion_svg
from rounds.selectors import DashboardFilter, dashboard_page, round_dashboard, round_summaries, rounds_visible_to

ROUNDS_PER_PAGE = 10
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _visible_round(request, pk: int):
    """The round if this person may see its dashboard; 404 otherwise, so others cannot tell it exists."""
    return get_object_or_404(rounds_visible_to(request.user).select_related("track"), pk=pk)


def round_list(request):
    rounds = rounds_visible_to(request.user).select_related("track").order_by("-starts_on", "name")
    page = Paginator(rounds, ROUNDS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"page_obj": page, "summaries": round_summaries(rounds=list(page.object_list))}
    return render(request, "rounds/round_list.html", context)


def dashboard(request, pk: int):
    round_ = _visible_round(request, pk)
    data = round_dashboard(round=round_, dashboard_filter=DashboardFilter.from_query(request.GET))
    page = dashboard_page(dashboard=data, number=request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "round": round_,
        "dashboard": data,
        "page_obj": page,
        "filter_query": query.urlencode(),
        "invalid_filters": data.invalid_filters,
        "chart": completion_svg(data.modules, title=_("Completion per module")) if data.rows and data.modules else "",
    }
    return render(request, "rounds/dashboard.html", context)


def export(request, pk: int):
    round_ = _visible_round(request, pk)
    content = services.export_dashboard(
        round=round_, user=request.user, dashboard_filter=DashboardFilter.from_query(request.GET)
    )
    filename = _("%(round)s readiness %(date)s.xlsx") % {
        "round": round_.name,
        "date": timezone.localdate().strftime("%Y%m%d"),
    }
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response
