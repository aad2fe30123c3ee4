"""Benchmark: bulk enrolment of 500 rows (issue 19 asks for under 10 s), check and confirm.

Builds, in a throwaway SQLite database, a round of 10 teams and 50 people already on the site (matched by
phone), then enrols a sheet of 500 rows (450 new people, 50 known) through the real services: the check
(read the .xlsx, check every row against the round and the known people) and the confirm (check again, create
users, profiles and team members in one transaction). Prints one table row per step: rows, milliseconds,
queries. Then a sheet of 500 rows with one bad row (row 251) for a second round: the check lists it, a confirm
is refused, and the counts of users, profiles and members are unchanged. Not a test: run it by hand.

    .venv/bin/python bench/round_enrolment.py [--rows 500]
"""

import argparse
import datetime
import io
import sys
import time

from throwaway_django import setup_throwaway_django

TEAMS = 10
KNOWN = 50
TARGET_MS = 10_000


def sheet(rows) -> bytes:
    from openpyxl import Workbook

    from rounds.enrolment.sheet import COLUMNS

    book = Workbook()
    ws = book.active
    ws.append(list(COLUMNS))
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def build_round(name: str):
    from rounds.models import InspectionRound, InspectionTeam

    inspection_round = InspectionRound.objects.create(
        name=name, starts_on=datetime.date(2027, 1, 10), ends_on=datetime.date(2027, 3, 31)
    )
    for i in range(TEAMS):
        InspectionTeam.objects.create(round=inspection_round, name=f"第{i + 1}组")
    return inspection_round


def rows_for(count: int, *, offset: int = 0, bad_at: int | None = None):
    rows = []
    for n in range(count):
        team = f"第{n % TEAMS + 1}组"
        if bad_at is not None and n == bad_at:
            team = "第九十九组"
        role = "组长" if n % 50 == 0 else "组员"
        rows.append([f"示例{offset + n}号", f"139{offset + n:08d}", "", "示例县示例局", team, role, "2027/3/31"])
    return rows


def timed(label, rows, fn):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        result = fn()
        elapsed = (time.perf_counter() - start) * 1000
    print(f"| {label:<28} | {rows:>5} | {elapsed:>9.0f} | {len(queries):>7} |")
    return result, elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=500)
    args = parser.parse_args()
    setup_throwaway_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.contrib.auth import get_user_model

    from accounts.api import NewPerson, create_people
    from accounts.models import PersonProfile
    from rounds.enrolment import services
    from rounds.models import TeamMember

    create_people(
        people=[NewPerson(name=f"示例{n}号", username=f"known{n}", phone=f"139{n:08d}") for n in range(KNOWN)]
    )
    first = build_round("示例基准轮次")
    data = sheet(rows_for(args.rows))

    print("| step                         |  rows |        ms | queries |")
    print("|------------------------------|-------|-----------|---------|")
    session: dict = {}
    checked, check_ms = timed(
        "check", args.rows, lambda: services.check_upload(session=session, inspection_round=first, data=data)
    )
    assert not checked.plan.errors, checked.plan.errors[:3]
    (plan, slips), confirm_ms = timed(
        "confirm",
        args.rows,
        lambda: services.confirm_enrolment(request=None, session=session, inspection_round=first, token=checked.token),
    )
    assert len(slips) == args.rows - KNOWN and len(plan.matched) == KNOWN
    assert TeamMember.objects.filter(team__round=first).count() == args.rows
    total = check_ms + confirm_ms
    print(f"| {'check + confirm':<28} | {args.rows:>5} | {total:>9.0f} |         |")

    second = build_round("示例基准轮次（有错行）")
    before = (get_user_model().objects.count(), PersonProfile.objects.count(), TeamMember.objects.count())
    bad = sheet(rows_for(args.rows, offset=100_000, bad_at=args.rows // 2))
    session = {}

    def check_bad():
        return services.check_upload(session=session, inspection_round=second, data=bad)

    checked, _ms = timed("check, one bad row", args.rows, check_bad)
    try:
        services.confirm_enrolment(request=None, session=session, inspection_round=second, token="0" * 64)
    except services.EnrolmentError:
        refused = True
    else:
        refused = False
    after = (get_user_model().objects.count(), PersonProfile.objects.count(), TeamMember.objects.count())
    print()
    print(f"bad file: {checked.plan.errors}; confirm refused: {refused}; nothing written: {before == after}")
    ok = total < TARGET_MS and refused and before == after and len(checked.plan.errors) == 1
    print(f"target: check + confirm of {args.rows} rows under {TARGET_MS} ms: {'met' if ok else 'NOT met'}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
