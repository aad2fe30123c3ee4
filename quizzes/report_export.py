"""The results workbook of a quiz, and the service that hands it out and records who took it."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet
from wagtail.log_actions import log

from audit.api import record_export
from core.spreadsheets import append_row
from quizzes.models import Attempt, Quiz
from quizzes.reports import QuizReport, quiz_report
from quizzes.selectors import result_user_ids

EXPORT_ACTION = "quizzes.export_results"
_DATE_FORMAT = "yyyy-mm-dd hh:mm"


def _local(moment: datetime | None) -> datetime | None:
    # Spreadsheets have no time zones: write the wall-clock time people saw.
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _passed(value: bool | None) -> str:
    return "—" if value is None else (_("Yes") if value else _("No"))


def _sheet(sheet: Worksheet, headers: list[str], rows: list[list], widths: list[int]) -> None:
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        # Names and questions are written as text: quote prefix before = + - @, no control characters.
        append_row(sheet, row)
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, datetime):
                cell.number_format = _DATE_FORMAT
    for column, width in zip(sheet.iter_cols(min_row=1, max_row=1), widths, strict=True):
        sheet.column_dimensions[column[0].column_letter].width = width
    sheet.freeze_panes = "A2"


def _attempt_cells(attempt: Attempt) -> list:
    return [attempt.score, attempt.max_score, attempt.percent, _passed(attempt.passed), _local(attempt.finished_at)]


def results_workbook(report: QuizReport) -> bytes:
    """Three sheets: every completed attempt, the graded attempt per person, and the item statistics."""
    book = Workbook()
    results = book.active
    results.title = _("Results")
    score_headers = [_("Score"), _("Maximum score"), _("Percent"), _("Passed"), _("Finished")]
    _sheet(
        results,
        [_("Name"), _("Username"), _("Attempt"), *score_headers],
        [
            [a.user.get_full_name() or a.user.get_username(), a.user.get_username(), a.number, *_attempt_cells(a)]
            for a in report.attempts
        ],
        [16, 16, 8, 10, 10, 10, 10, 18],
    )
    _sheet(
        book.create_sheet(_("By person")),
        [_("Name"), _("Username"), _("Attempts completed"), _("Graded attempt"), *score_headers],
        [
            [p.name, p.user.get_username(), p.completed, p.graded.number, *_attempt_cells(p.graded)]
            for p in report.people
        ],
        [16, 16, 12, 12, 10, 10, 10, 10, 18],
    )
    _sheet(
        book.create_sheet(_("Item analysis")),
        [
            _("No."),
            _("Question"),
            _("Question type"),
            _("Points"),
            _("Attempts given it"),
            _("Answered"),
            _("Percent correct"),
            _("Discrimination"),
            _("Notes"),
        ],
        [
            [
                i,
                item.question.stem,
                item.question.get_kind_display(),
                item.question.points,
                item.given,
                item.answered,
                item.percent_correct,
                item.discrimination,
                "；".join(str(label) for label in item.flag_labels),
            ]
            for i, item in enumerate(report.items, start=1)
        ],
        [6, 48, 12, 8, 12, 10, 10, 10, 40],
    )
    out = BytesIO()
    book.save(out)
    return out.getvalue()


@transaction.atomic
def export_results(*, quiz: Quiz, user, request=None) -> bytes:
    """The results workbook, with an audit-log entry saying who exported it and how many attempts it held.
    The audit log (audit app) gets an export entry naming everyone in the file; ``request`` gives its address."""
    # Only the people the exporter may see (the members of the rounds they manage, or everyone for 管理员).
    report = quiz_report(quiz=quiz, user_ids=result_user_ids(viewer=user))
    content = results_workbook(report)
    log(instance=quiz, action=EXPORT_ACTION, user=user, data={"attempts": len(report.attempts)})
    people = {attempt.user_id for attempt in report.attempts}
    record_export(action="quizzes.results_exported", request=request, actor=user, target=quiz, people=people)
    return content
