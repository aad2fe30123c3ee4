"""Quiz results and item analysis: the numbers, the chart, the admin pages and the Excel export."""

from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.contrib.auth.models import Permission
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry

from core import roles
from quizzes import selectors, services
from quizzes.admin_reports import menu_items
from quizzes.models import Attempt, AttemptAnswer, AttemptStatus, Grading, QuestionKind, Scoring
from quizzes.report_chart import distribution_svg
from quizzes.reports import distribution, group_size, quiz_report
from tests.factories import UserFactory, client_for
from tests.quizzes.factories import QuestionFactory, QuizFactory

pytestmark = pytest.mark.django_db

BLANK = object()


def make_attempt(quiz, user, *, credits, number=1, percent=None, status=AttemptStatus.COMPLETED):
    """An attempt written straight to the database. ``credits`` is [(question, awarded or BLANK)].

    ``percent`` overrides the computed one where a test needs takers in a given rank order.
    """
    score = sum((Decimal(a) for _q, a in credits if a is not BLANK), Decimal(0))
    max_score = Decimal(sum(q.points for q, _a in credits))
    percent = Decimal(percent) if percent is not None else (score * 100 / max_score).quantize(Decimal("0.01"))
    done = status == AttemptStatus.COMPLETED
    attempt = Attempt.objects.create(
        quiz=quiz,
        user=user,
        number=number,
        status=status,
        started_at=timezone.now() - timedelta(hours=1),
        finished_at=timezone.now() - timedelta(minutes=60 - number),
        score=score,
        max_score=max_score,
        percent=percent,
        passed=(percent >= quiz.pass_mark) if done and quiz.pass_mark else None,
    )
    AttemptAnswer.objects.bulk_create(
        AttemptAnswer(
            attempt=attempt,
            question=question,
            position=position,
            points=question.points,
            answered_at=None if awarded is BLANK else attempt.finished_at,
            awarded=Decimal(0) if awarded is BLANK else Decimal(awarded),
            is_correct=awarded is not BLANK and Decimal(awarded) == question.points,
        )
        for position, (question, awarded) in enumerate(credits, start=1)
    )
    return attempt


def test_distribution_puts_each_percent_in_its_ten_point_band():
    buckets = distribution([Decimal(p) for p in ("0", "9.99", "10", "55", "89.99", "90", "100")])
    assert [b.label for b in buckets] == [
        "0–9",
        "10–19",
        "20–29",
        "30–39",
        "40–49",
        "50–59",
        "60–69",
        "70–79",
        "80–89",
        "90–100",
    ]
    assert [b.count for b in buckets] == [2, 1, 0, 0, 0, 1, 0, 0, 1, 2]


def test_percent_correct_counts_partial_credit_and_leaves_out_blanks():
    question = QuestionFactory(kind=QuestionKind.MULTIPLE, scoring=Scoring.PARTIAL, points=2)
    quiz = QuizFactory(questions=[question])
    right, other, wrong = (c.pk for c in question.choices.order_by("sort_order"))
    answers = {"full": [right, other], "half": [right], "none": [right, wrong], "blank": None}
    for raw in answers.values():
        attempt = services.start_attempt(quiz=quiz, user=UserFactory())
        if raw:
            services.save_answer(attempt=attempt, position=1, raw={"choices": raw})
        services.submit_attempt(attempt=attempt)

    [item] = quiz_report(quiz=quiz).items
    # Credit 1, 0.5 and 0 over the three answers given; the blank one is given but not answered.
    assert (item.given, item.answered, item.percent_correct) == (4, 3, Decimal("50.00"))


@pytest.fixture
def ten_takers():
    """Ten takers ranked by percent 10 … 100: the lower group is t1–t3, the upper group t8–t10."""
    a, b, c, d = (QuestionFactory(points=1), QuestionFactory(points=2), QuestionFactory(), QuestionFactory())
    quiz = QuizFactory(questions=[a, b, c, d])
    a_right = {4, 5, 8, 9, 10}  # upper all right, lower all wrong
    b_awarded = {1: 2, 2: 2, 3: 2, 8: 2, 9: 1, 10: 0}  # the lower group does better
    for rank in range(1, 11):
        credits = [
            (a, 1 if rank in a_right else 0),
            (b, b_awarded.get(rank, 1)),
            (c, BLANK if rank == 1 else 1),  # one blank leaves two answers in the lower group
            (d, 0),
        ]
        make_attempt(quiz, UserFactory(username=f"t{rank:02}"), credits=credits, percent=rank * 10)
    return quiz, (a, b, c, d)


def test_discrimination_compares_the_top_and_bottom_27_percent(ten_takers):
    quiz, questions = ten_takers
    report = quiz_report(quiz=quiz)
    items = {item.question: item for item in report.items}
    a, b, c, d = (items[q] for q in questions)

    assert [group_size(n) for n in (9, 10, 11, 100)] == [2, 3, 3, 27]
    assert a.discrimination == Decimal("1.00")
    assert a.percent_correct == Decimal("50.00")
    # Upper credits 1, 0.5, 0 (mean 0.5); lower 1, 1, 1.
    assert b.discrimination == Decimal("-0.50")
    assert c.discrimination is None
    assert d.discrimination == Decimal("0.00")

    assert (a.flags, b.flags, c.flags, d.flags) == (
        (),
        ("negative_discrimination",),
        ("easy",),
        ("hard", "low_discrimination"),
    )
    assert [x.count for x in report.distribution] == [0, 1, 1, 1, 1, 1, 1, 1, 1, 2]


def test_small_groups_give_no_discrimination():
    question = QuestionFactory()
    quiz = QuizFactory(questions=[question])
    for rank in range(1, 10):
        make_attempt(quiz, UserFactory(), credits=[(question, rank % 2)], percent=rank * 10)
    [item] = quiz_report(quiz=quiz).items
    assert item.discrimination is None


@pytest.mark.parametrize(("grading", "expected"), [(Grading.HIGHEST, [1, 3]), (Grading.LAST, [2, 3])])
def test_people_table_takes_the_highest_or_the_last_attempt(grading, expected):
    question = QuestionFactory(points=10)
    quiz = QuizFactory(questions=[question], grading=grading, pass_mark=60)
    first, second = UserFactory(first_name="张一"), UserFactory(first_name="张二")
    make_attempt(quiz, first, number=1, credits=[(question, 8)])
    make_attempt(quiz, first, number=2, credits=[(question, 5)])
    # Equal percents: the later attempt counts, as in selectors.graded_attempt.
    for number in (1, 2, 3):
        make_attempt(quiz, second, number=number, credits=[(question, 7 if number != 2 else 3)])
    make_attempt(quiz, UserFactory(), credits=[(question, 10)], status=AttemptStatus.AWAITING_MARKING)

    report = quiz_report(quiz=quiz)

    assert [p.graded.number for p in report.people] == expected
    assert [p.completed for p in report.people] == [2, 3]
    for person in report.people:
        assert person.graded == selectors.graded_attempt(quiz=quiz, user=person.user)
    summary = report.summary
    assert (summary.attempts_completed, summary.people, summary.awaiting_marking) == (5, 2, 1)
    if grading == Grading.HIGHEST:
        assert (summary.mean_percent, summary.passed, summary.pass_rate) == (Decimal("75.00"), 2, Decimal("100.00"))
    else:
        assert (summary.mean_percent, summary.passed, summary.pass_rate) == (Decimal("60.00"), 1, Decimal("50.00"))


def test_distribution_chart_is_an_accessible_svg_with_escaped_labels():
    buckets = distribution([Decimal(5), Decimal(95), Decimal(100)])
    svg = distribution_svg(buckets, title="<b>成绩</b> & 分布")

    assert svg.startswith("<svg") and 'role="img"' in svg
    assert 'aria-label="&lt;b&gt;成绩&lt;/b&gt; &amp; 分布"' in svg
    assert "<title>&lt;b&gt;成绩&lt;/b&gt; &amp; 分布</title>" in svg
    assert svg.count("<rect") == 10
    assert ">90–100</text>" in svg and ">0–9</text>" in svg
    assert ">2</text>" in svg and ">1</text>" in svg
    assert "<script" not in svg and "http://" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")


@pytest.fixture
def administrator(db):
    """管理员 holds quizzes.view_all_results: everyone's results (others see the rounds they manage)."""
    return UserFactory(role=roles.ADMINISTRATOR)


def test_report_pages_render_for_those_who_see_all_results(administrator, ten_takers):
    quiz, _questions = ten_takers
    for user in (administrator,):
        client = client_for(user)
        index = client.get(reverse("quizzes_reports"))
        assert index.status_code == 200
        assert reverse("quizzes_report", args=(quiz.pk,)) in index.content.decode()
        page = client.get(reverse("quizzes_report", args=(quiz.pk,)))
        assert page.status_code == 200
        html = page.content.decode()
        assert "<svg" in html and "t10" in html and reverse("quizzes_export_results", args=(quiz.pk,)) in html


def test_reports_are_refused_to_trainees_and_to_staff_without_the_permission(trainee_client, ten_takers):
    quiz, _questions = ten_takers
    urls = [
        reverse("quizzes_reports"),
        reverse("quizzes_report", args=(quiz.pk,)),
        reverse("quizzes_export_results", args=(quiz.pk,)),
    ]
    for url in urls:
        assert trainee_client.get(url).status_code == 403
    # Admin access alone is not enough: Wagtail turns the PermissionDenied into a redirect home with a message.
    staff = UserFactory()
    staff.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    for url in urls:
        response = client_for(staff).get(url)
        assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    assert not ModelLogEntry.objects.filter(action="quizzes.export_results").exists()


def test_menu_item_is_shown_to_those_who_may_see_results(editor, trainee):
    item = menu_items[0]()
    request = RequestFactory().get("/admin/")
    request.user = editor
    assert item.is_shown(request) and item.url == reverse("quizzes_reports")
    request.user = trainee
    assert not item.is_shown(request)


def test_excel_export_has_every_attempt_each_person_and_the_items(administrator):
    question = QuestionFactory(points=10, stem="=1+1 是公式吗")
    quiz = QuizFactory(questions=[question], pass_mark=60)
    first = UserFactory(first_name='=HYPERLINK("x")', username="first")
    second = UserFactory(first_name="王五", username="second")
    make_attempt(quiz, first, number=1, credits=[(question, 4)])
    make_attempt(quiz, first, number=2, credits=[(question, 9)])
    make_attempt(quiz, second, number=1, credits=[(question, 6)])

    response = client_for(administrator).post(reverse("quizzes_export_results", args=(quiz.pk,)))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == [_("Results"), _("By person"), _("Item analysis")]

    results = [list(row) for row in book[_("Results")].iter_rows(values_only=True)]
    assert results[0] == [
        _("Name"),
        _("Username"),
        _("Attempt"),
        _("Score"),
        _("Maximum score"),
        _("Percent"),
        _("Passed"),
        _("Finished"),
    ]
    assert [row[1:7] for row in results[1:]] == [
        ["first", 1, 4, 10, 40, _("No")],
        ["first", 2, 9, 10, 90, _("Yes")],
        ["second", 1, 6, 10, 60, _("Yes")],
    ]
    assert all(row[7] is not None for row in results[1:])
    # A name that looks like a formula stays text.
    name_cell = book[_("Results")]["A2"]
    assert name_cell.value == '=HYPERLINK("x")' and name_cell.data_type == "s"

    people = [list(row) for row in book[_("By person")].iter_rows(values_only=True)]
    assert [row[1:8] for row in people[1:]] == [
        ["first", 2, 2, 9, 10, 90, _("Yes")],
        ["second", 1, 1, 6, 10, 60, _("Yes")],
    ]

    items = [list(row) for row in book[_("Item analysis")].iter_rows(values_only=True)]
    assert len(items) == 2
    assert items[1][:7] == [1, "=1+1 是公式吗", question.get_kind_display(), 10, 3, 3, pytest.approx(63.33)]
    assert items[1][7] is None


def test_export_is_recorded_in_the_audit_log(administrator):
    question = QuestionFactory()
    quiz = QuizFactory(questions=[question])
    make_attempt(quiz, UserFactory(), credits=[(question, 1)])

    client_for(administrator).post(reverse("quizzes_export_results", args=(quiz.pk,)))

    entry = ModelLogEntry.objects.get(action="quizzes.export_results")
    assert (entry.object_id, entry.user, entry.data) == (str(quiz.pk), administrator, {"attempts": 1})
    assert log_registry.action_exists("quizzes.export_results")
    assert log_registry.get_action_label("quizzes.export_results") == _("Export quiz results")


def test_report_reads_a_fixed_number_of_queries_however_many_attempts(administrator, django_assert_max_num_queries):
    questions = [QuestionFactory() for _i in range(5)]
    quiz = QuizFactory(questions=questions, pass_mark=60)
    for n in range(40):
        user = UserFactory()
        for number in (1, 2):
            make_attempt(
                quiz, user, number=number, credits=[(q, (n + i + number) % 2) for i, q in enumerate(questions)]
            )

    with django_assert_max_num_queries(3):
        report = quiz_report(quiz=quiz)
    assert report.summary.attempts_completed == 80 and len(report.items) == 5

    client = client_for(administrator)
    # An administrator (everyone's results): the second factor's device, the audit entry and its people, and
    # the admin menu's page and collection permissions come on top of the report's own reads.
    with django_assert_max_num_queries(18):
        assert client.get(reverse("quizzes_report", args=(quiz.pk,))).status_code == 200
    with django_assert_max_num_queries(11):
        assert client.get(reverse("quizzes_reports")).status_code == 200
    with django_assert_max_num_queries(19):
        assert client.post(reverse("quizzes_export_results", args=(quiz.pk,))).status_code == 200
