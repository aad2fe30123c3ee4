"""What a draft turns into: the 三张清单 on a page, and the report, the 反馈意见 and the lists as .docx in the office's
document layout; and a published 范文 as a .docx. Thin: who may read a draft is selectors.readable_draft (the
writer, or a marker once it is submitted; anyone else gets a 404), the lists are lists.build_lists and the files
documents.build_*. A marker opening someone else's draft leaves an audit entry; a GET writes nothing else."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from audit.api import record_export, record_view
from core.client import wechat_browser
from core.office_documents import office_layout
from report_writing import documents
from report_writing.lists import build_lists
from report_writing.model_reports import content_of_model_report
from report_writing.models import ModelReportPage, ReportDraft
from report_writing.selectors import content_of_draft, readable_draft

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LISTS_VIEWED = "report_writing.lists_viewed"
DRAFT_EXPORTED = "report_writing.draft_exported"

_BUILDERS = {
    documents.REPORT: documents.build_report,
    documents.FEEDBACK: documents.build_feedback,
    documents.LISTS: documents.build_lists_document,
}


def _draft(request, pk: int) -> ReportDraft:
    try:
        return readable_draft(user=request.user, pk=pk)
    except ReportDraft.DoesNotExist as exc:
        raise Http404 from exc


def _docx(content, kind: str) -> HttpResponse:
    body = _BUILDERS[kind](content=content, layout=office_layout())
    filename = documents.filename_for(content=content, document=kind)
    disposition = content_disposition_header(as_attachment=True, filename=filename)
    return HttpResponse(body, content_type=DOCX, headers={"Content-Disposition": disposition})


@login_required
@require_GET
def lists(request, pk: int):
    draft = _draft(request, pk)
    if draft.writer_id != request.user.pk:
        record_view(action=LISTS_VIEWED, request=request, target=draft, subject=draft.writer)
    content = content_of_draft(draft=draft)
    context = {
        "draft": draft,
        "lists": build_lists(content=content),
        "is_writer": draft.writer_id == request.user.pk,
        "wechat": wechat_browser(request),
    }
    return render(request, "report_writing/lists.html", context)


def _draft_docx(request, pk: int, kind: str) -> HttpResponse:
    draft = _draft(request, pk)
    content = content_of_draft(draft=draft)
    response = _docx(content, kind)
    if draft.writer_id != request.user.pk:
        record_export(
            action=DRAFT_EXPORTED, request=request, target=draft, subject=draft.writer, detail={"document": kind}
        )
    return response


@login_required
@require_GET
def report_docx(request, pk: int):
    return _draft_docx(request, pk, documents.REPORT)


@login_required
@require_GET
def feedback_docx(request, pk: int):
    return _draft_docx(request, pk, documents.FEEDBACK)


@login_required
@require_GET
def lists_docx(request, pk: int):
    return _draft_docx(request, pk, documents.LISTS)


@login_required
@require_GET
def model_report_docx(request, page_pk: int):
    """A published 范文 (a live page anyone signed in may read) as a .docx."""
    page = ModelReportPage.objects.live().public().filter(pk=page_pk).first()
    if page is None:
        raise Http404
    return _docx(content_of_model_report(page=page), documents.REPORT)
