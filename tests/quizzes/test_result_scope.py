"""Quiz results and their export are scoped: the members of the rounds the viewer manages, everyone's only
with quizzes.view_all_results (管理员), nobody's for staff managing no round (issue 13)."""

from io import BytesIO

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from core import roles
from quizzes import selectors
from quizzes.reports import quiz_report, quizzes_with_attempt_counts
from tests.factories import UserFactory, client_for
from tests.quizzes.factories import QuestionFactory, QuizFactory
from tests.quizzes.test_reports import make_attempt
from tests.rounds.factories import InspectionRoundFactory, InspectionTeamFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_rounds():
    """One quiz taken by 甲 (on the managed round) and 乙 (on another round), and the managing editor."""
    question = QuestionFactory(points=10)
    quiz = QuizFactory(questions=[question])
    ours, theirs = InspectionRoundFactory(), InspectionRoundFactory()
    inside = TeamMemberFactory(team=InspectionTeamFactory(round=ours), user=UserFactory(username="jia-member")).user
    outside = TeamMemberFactory(team=InspectionTeamFactory(round=theirs), user=UserFactory(username="yi-outsider")).user
    make_attempt(quiz, inside, credits=[(question, 10)])
    make_attempt(quiz, outside, credits=[(question, 5)])
    manager = UserFactory(role=roles.EDITOR)
    ours.managers.add(manager)
    ours.save()
    return quiz, manager, inside, outside


def _export_usernames(user, quiz) -> list[str]:
    response = client_for(user).post(reverse("quizzes_export_results", args=(quiz.pk,)))
    assert response.status_code == 200
    rows = load_workbook(BytesIO(response.content))[_("Results")].iter_rows(min_row=2, values_only=True)
    return [row[1] for row in rows]


def test_a_round_manager_sees_and_exports_only_the_people_of_their_rounds(two_rounds):
    quiz, manager, inside, _outside = two_rounds
    assert selectors.result_user_ids(viewer=manager) == {inside.pk}
    assert _export_usernames(manager, quiz) == ["jia-member"]
    page = client_for(manager).get(reverse("quizzes_report", args=(quiz.pk,))).content.decode()
    assert "jia-member" in page and "yi-outsider" not in page
    counted = quizzes_with_attempt_counts(user_ids={inside.pk}).get(pk=quiz.pk)
    assert (counted.completed_count, counted.people_count) == (1, 1)


def test_staff_managing_no_round_see_no_ones_results(two_rounds):
    quiz, _manager, _inside, _outside = two_rounds
    for role in (roles.EDITOR, roles.REVIEWER):
        staff = UserFactory(role=role)
        assert selectors.result_user_ids(viewer=staff) == set()
        assert _export_usernames(staff, quiz) == []
        page = client_for(staff).get(reverse("quizzes_report", args=(quiz.pk,))).content.decode()
        assert "jia-member" not in page and "yi-outsider" not in page


def test_the_see_all_permission_shows_everyone(two_rounds):
    quiz, _manager, _inside, _outside = two_rounds
    administrator = UserFactory(role=roles.ADMINISTRATOR)
    assert selectors.result_user_ids(viewer=administrator) is None
    assert sorted(_export_usernames(administrator, quiz)) == ["jia-member", "yi-outsider"]


def test_without_a_registered_scope_only_see_all_holders_see_anyone(two_rounds, monkeypatch):
    quiz, manager, _inside, _outside = two_rounds
    monkeypatch.setattr(selectors, "_result_scope", None)
    assert selectors.result_user_ids(viewer=manager) == set()
    assert quiz_report(quiz=quiz, user_ids=set()).people == []
