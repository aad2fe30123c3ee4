"""The dashboard's Excel export: rows and columns, filters, formula-safe text, and the audit-log entry."""

from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from core import roles
from readiness import services
from readiness.dashboard import DashboardFilter
from readiness.rules import State
from tests.factories import UserFactory
from tests.readiness.test_dashboard import build_round, client_for, complete, declare
from tests.rounds.factories import InspectedUnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    return build_round()


def export(data, user=None, **query):
    url = reverse("readiness:export", args=[data["round"].pk])
    # POST (the export is audited); the filters stay in the query string, as the dashboard's form sends them.
    return client_for(user or data["manager"]).post(f"{url}?{urlencode(query)}" if query else url)


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert response["Content-Disposition"].startswith("attachment;")
    return load_workbook(BytesIO(response.content))


def rows_of(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_one_row_per_member_with_the_agreed_columns(data):
    ready, studying = data["members"][0], data["members"][1]
    complete(ready.user, data["lessons"])
    complete(studying.user, data["lessons"][:1])
    book = workbook(export(data))
    sheet = book.worksheets[0]
    assert sheet.freeze_panes == "C2"  # names and usernames stay in view
    assert sheet["A1"].font.bold
    header, *rows = rows_of(sheet)
    assert header == [
        _("Name"),
        _("Username"),
        _("Team"),
        _("Role"),
        _("State"),
        _("Date ready"),
        "1. 模块1",
        "2. 模块2",
        _("Study pack"),
        _("Missing"),
        _("Recusal conflicts"),
        _("Refresher needed because"),
    ]
    assert [row[1] for row in rows] == [m.user.username for m in data["members"]]
    by_username = {row[1]: row for row in rows}
    ready_row, studying_row = by_username[ready.user.username], by_username[studying.user.username]
    assert ready_row[2] == ready.team.name
    assert ready_row[4] == str(State.LABELS[State.READY])
    assert ready_row[5] is not None  # the date it was reached
    assert ready_row[6:8] == [_("Done"), _("Done")]
    assert ready_row[9] is None  # nothing missing
    assert studying_row[4] == str(State.LABELS[State.IN_PROGRESS])
    assert studying_row[5] is None
    assert studying_row[6:8] == [_("Done"), "0%"]
    assert studying_row[8] == "—"  # no study pack for this team
    assert data["lessons"][1].title in studying_row[9]


def test_the_second_sheet_has_module_completion_per_team_and_overall(data):
    complete(data["members"][0].user, data["lessons"])  # first team: one of two done
    book = workbook(export(data))
    header, *rows = rows_of(book.worksheets[1])
    assert header == [_("Team"), _("Members"), _("Ready"), "1. 模块1", "2. 模块2"]
    assert rows == [
        ["第一巡察组", 2, 1, 0.5, 0.5],
        ["第二巡察组", 2, 0, 0, 0],
        [_("All teams"), 4, 1, 0.25, 0.25],
    ]
    assert book.worksheets[1]["D2"].number_format == "0%"


def test_filters_apply_to_the_export(data):
    team = data["teams"][1]
    book = workbook(export(data, team=team.pk))
    _header, *rows = rows_of(book.worksheets[0])
    assert {row[1] for row in rows} == {m.user.username for m in data["members"] if m.team == team}
    complete(data["members"][0].user, data["lessons"])
    book = workbook(export(data, state=State.READY))
    assert [row[1] for row in rows_of(book.worksheets[0])[1:]] == [data["members"][0].user.username]


def test_conflicts_are_listed_in_their_column(data):
    unit = InspectedUnitFactory(round=data["round"], name="城关镇人民政府")
    data["teams"][0].units.add(unit)
    declare(data["members"][0].user, "城关镇")
    _header, *rows = rows_of(workbook(export(data)).worksheets[0])
    by_username = {row[1]: row for row in rows}
    assert "城关镇人民政府" in by_username[data["members"][0].user.username][10]
    assert by_username[data["members"][1].user.username][10] is None


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)"])
def test_text_that_looks_like_a_formula_is_written_as_text(data, name):
    user = data["members"][0].user
    user.first_name = name
    user.save()
    sheet = workbook(export(data)).worksheets[0]
    cell = next(row[0] for row in sheet.iter_rows(min_row=2) if row[1].value == user.username)
    assert cell.value == name
    assert cell.data_type == "s"
    assert cell.quotePrefix


def test_every_export_is_recorded_in_the_audit_log(data):
    team = data["teams"][0]
    export(data, team=team.pk)
    export(data)
    entries = ModelLogEntry.objects.filter(action=services.EXPORT_ACTION).order_by("pk")
    assert entries.count() == 2
    first = entries[0]
    assert first.user_id == data["manager"].pk
    assert first.object_id == str(data["round"].pk)
    assert first.data == {"members": 2, "team": team.name, "state": ""}
    assert entries[1].data["members"] == 4


def test_a_refused_export_writes_no_log_entry(data):
    other = build_round()["manager"]
    assert export(data, user=other).status_code == 404
    trainee = UserFactory(role=roles.TRAINEE)
    with pytest.raises(PermissionDenied):
        services.export_dashboard(inspection_round=data["round"], user=trainee, dashboard_filter=DashboardFilter())
    assert not ModelLogEntry.objects.filter(action=services.EXPORT_ACTION).exists()


def test_an_administrator_may_export_any_round(data):
    administrator = UserFactory(role=roles.ADMINISTRATOR)
    book = workbook(export(data, user=administrator))
    assert len(rows_of(book.worksheets[0])) == 5
    assert ModelLogEntry.objects.get(action=services.EXPORT_ACTION).user_id == administrator.pk


def test_the_export_runs_the_same_queries_for_4_and_40_members(django_assert_max_num_queries):
    small, large = build_round(per_team=2), build_round(per_team=20)
    for case in (small, large):
        for member in case["members"][::3]:
            complete(member.user, case["lessons"])
    export(small)  # the first request fills caches (Wagtail's site root paths) that later ones reuse
    counts = []
    for case in (small, large):
        client, url = client_for(case["manager"]), reverse("readiness:export", args=[case["round"].pk])
        with django_assert_max_num_queries(40) as captured:  # the request only, not the sign-in
            workbook(client.post(url))
        counts.append(len(captured))
    assert counts[0] == counts[1]
