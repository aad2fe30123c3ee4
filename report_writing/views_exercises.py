"""The writer's result page of a handed-in draft: the marks, the marker's comments beside the parts they concern,
and the exercise's 范文 once marked. Writer only (others get 404; markers use the admin marking page)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from report_writing import exercises
from report_writing.model_reports import content_of_model_report
from report_writing.models import ReportDraft
from report_writing.selectors import own_draft


@login_required
@require_GET
def result(request, pk: int):
    try:
        draft = own_draft(user=request.user, pk=pk)
    except ReportDraft.DoesNotExist:
        raise Http404 from None
    found = exercises.draft_result(draft=draft)
    model_report = None
    if found.model_report is not None:
        model_report = exercises.reading(content=content_of_model_report(page=found.model_report))
    return render(
        request,
        "report_writing/result.html",
        {
            "draft": draft,
            "result": found,
            "report": exercises.reading(content=found.content, comments=found.comments),
            "model_report": model_report,
        },
    )
