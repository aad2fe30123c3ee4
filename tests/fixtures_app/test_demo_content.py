import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from cases.models import CasePage, ProblemCategory
from core import roles
from core.models import HomePage
from guides.models import IntervieweeRole, InterviewGuidePage
from regulations.models import RegulationArticle

pytestmark = pytest.mark.django_db


def _snapshot():
    return (
        CasePage.objects.count(),
        InterviewGuidePage.objects.count(),
        RegulationArticle.objects.count(),
        get_user_model().objects.count(),
    )


def test_demo_loads_once_and_a_second_run_changes_nothing(capsys):
    call_command("load_demo", allow_in_production=True)
    first = _snapshot()
    output = capsys.readouterr().out
    assert "xuncha-demo-2026" in output and "xueyuan（学员）" in output

    call_command("load_demo", allow_in_production=True)
    assert _snapshot() == first
    again = capsys.readouterr().out
    # The logins are printed on every run, not only the first (issue 15).
    assert "示例内容已存在" in again and "xuncha-demo-2026" in again and "xueyuan（学员）" in again


def test_demo_covers_what_a_newcomer_needs():
    call_command("load_demo", allow_in_production=True)
    cases = CasePage.objects.live()
    assert cases.count() >= 12
    assert all("示例" in case.title for case in cases)

    covered = set()
    for category in ProblemCategory.objects.filter(cases__in=cases).select_related("parent"):
        covered.add(category.parent.name if category.parent else category.name)
    assert covered == set(ProblemCategory.objects.filter(parent=None).values_list("name", flat=True))

    guides = InterviewGuidePage.objects.live()
    assert sorted(g.interviewee_role for g in guides) == sorted(IntervieweeRole.values)
    assert all(g.questions.count() >= 5 for g in guides)

    home = HomePage.objects.get()
    assert len(home.start_steps) >= 4
    for role in roles.ROLES:
        assert get_user_model().objects.filter(groups__name=role).exists(), role
