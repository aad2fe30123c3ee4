"""Builders for the enrolment tests: a round with two teams and a manager, and .xlsx bytes from rows."""

import datetime
import io

from openpyxl import Workbook

from core import roles
from rounds.enrolment.sheet import COLUMNS
from tests.factories import UserFactory
from tests.rounds.factories import InspectionRoundFactory, InspectionTeamFactory

STARTS, ENDS = datetime.date(2027, 1, 10), datetime.date(2027, 3, 31)


def round_with_teams(*, manager=None):
    inspection_round = InspectionRoundFactory(name="示例第九轮", starts_on=STARTS, ends_on=ENDS)
    first = InspectionTeamFactory(round=inspection_round, name="第一组")
    second = InspectionTeamFactory(round=inspection_round, name="第二组")
    manager = manager or UserFactory(role=roles.EDITOR)
    inspection_round.managers.add(manager)
    inspection_round.save()  # a ParentalManyToManyField writes on save
    return inspection_round, first, second, manager


def xlsx(rows, header=COLUMNS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def person_row(n: int, *, team="第一组", role="组员", ends="", name=None, phone=None, staff=""):
    return [name or f"示例{n}号", phone or f"139{n:08d}", staff, "示例县示例局", team, role, ends]
