"""The office's round list, dashboard and export, and 我的学习 (the trainee's own readiness). Thin: the
rules live in readiness.rules and readiness.dashboard."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from audit.api import record_view
from courses.api import LessonPage
from interference.api import readable_counts, round_register_url
from readiness import services
from readiness.chart import completion_svg
from readiness.dashboard import DashboardFilter, dashboard_page, round_dashboard, round_summaries
from readiness.refreshers import own_due_revisions
from readiness.rules import readiness_for_user
from readiness.selectors import acknowledgements_due, next_step
from reviews.api import review_summary
from rounds.api import rounds_visible_to

ROUNDS_PER_PAGE = 10
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def my_learning(request):
    rounds = [
        {"readiness": r, "next": next_step(r), "acknowledgements": acknowledgements_due(r)}
        for r in readiness_for_user(user=request.user)
    ]
    context = {"rounds": rounds, "reviews": review_summary(user=request.user)}
    return render(request, "readiness/my_learning.html", context)


@require_http_methods(["GET", "POST"])
def refresher(request, lesson_pk: int):
    """A lesson's articles revised since the person studied it: the old and the new text, and one button."""
    lesson = get_object_or_404(LessonPage.objects.live().only("title", "url_path"), pk=lesson_pk)
    if request.method == "POST":
        recorded = services.study_revisions(user=request.user, lesson_id=lesson.pk)
        if recorded:
            messages.success(request, _("Recorded: you have studied the revised articles."))
        else:
            messages.info(request, _("There was nothing left to study again in this lesson."))
        return redirect("readiness:my_learning")
    context = {"lesson": lesson, "revisions": own_due_revisions(user=request.user, lesson_id=lesson.pk)}
    return render(request, "readiness/refresher.html", context)


def _visible_round(request, pk: int):
    """The round if this person may see its dashboard; 404 otherwise, so others cannot tell it exists."""
    return get_object_or_404(rounds_visible_to(request.user).select_related("track"), pk=pk)


def round_list(request):
    rounds = rounds_visible_to(request.user).select_related("track").order_by("-starts_on", "name")
    page = Paginator(rounds, ROUNDS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"page_obj": page, "summaries": round_summaries(rounds=list(page.object_list))}
    return render(request, "readiness/round_list.html", context)


def dashboard(request, pk: int):
    inspection_round = _visible_round(request, pk)
    data = round_dashboard(inspection_round=inspection_round, dashboard_filter=DashboardFilter.from_query(request.GET))
    page = dashboard_page(dashboard=data, number=request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    shown = [row.member.user_id for row in page.object_list]
    record_view(action="readiness.dashboard_viewed", request=request, target=inspection_round, people=shown)
    context = {
        "round": inspection_round,
        "dashboard": data,
        "page_obj": page,
        "filter_query": query.urlencode(),
        "invalid_filters": data.invalid_filters,
        "chart": completion_svg(data.modules, title=_("Completion per module")) if data.rows and data.modules else "",
        "approaches": _approach_counts(request, inspection_round),
    }
    return render(request, "readiness/dashboard.html", context)


def _approach_counts(request, inspection_round) -> dict | None:
    """The round's 打招呼/说情 register in figures, for those who may read it (None for anyone else)."""
    counts = readable_counts(user=request.user, round_ids=[inspection_round.pk]).get(inspection_round.pk)
    if counts is None:
        return None
    return {"total": counts[0], "open": counts[1], "url": round_register_url(round_id=inspection_round.pk)}


@require_http_methods(["GET", "POST"])
def export(request, pk: int):
    """The workbook, by POST: exporting is recorded in the audit log, so a GET (a link opened ahead of
    time, a bookmark) only shows what would be exported and the button."""
    inspection_round = _visible_round(request, pk)
    if request.method != "POST":
        return render(request, "readiness/export_confirm.html", {"round": inspection_round})
    content = services.export_dashboard(
        inspection_round=inspection_round,
        user=request.user,
        dashboard_filter=DashboardFilter.from_query(request.GET),
        request=request,
    )
    filename = _("%(round)s readiness %(date)s.xlsx") % {
        "round": inspection_round.name,
        "date": timezone.localdate().strftime("%Y%m%d"),
    }
    disposition = content_disposition_header(as_attachment=True, filename=filename)
    return HttpResponse(content, content_type=XLSX, headers={"Content-Disposition": disposition})
