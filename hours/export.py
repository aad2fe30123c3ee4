"""A round's 学时 as an .xlsx workbook (written through core.spreadsheets: no formula injection)."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook

from core.labels import person_name
from core.spreadsheets import export_row
from hours.selectors import MemberHours

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def round_workbook(*, rows: list[MemberHours]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Study hours"))
    sheet.append(export_row(sheet, [_("Team"), _("Name"), _("Minutes of study"), _("Hours"), _("Certificate code")]))
    for row in rows:
        person = row.member.user
        sheet.append(
            export_row(
                sheet,
                [
                    row.member.team.name,
                    person_name(person),
                    row.minutes,
                    float(row.hours),
                    row.certificate.code if row.certificate else "",
                ],
            )
        )
    out = BytesIO()
    book.save(out)
    return out.getvalue()
