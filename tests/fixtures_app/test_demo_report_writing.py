"""The demo of 报告写作 (示例): the section, an exercise built from two demo cases, a 范文 whose checks all pass, the
demo trainee's draft with checks firing, a member's draft waiting for marking, and the exercise as a criterion of
the demo track that the scripted members pass. Loaded once; a second load changes nothing."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from courses.models import Track
from fixtures.demo.practice import MODULE
from fixtures.demo.report_writing import EXERCISE, INDEX, MODEL_REPORT
from fixtures.demo.track import TRACK
from fixtures.loader import load_demo_content
from report_writing.checks import run_checks
from report_writing.model_reports import content_of_model_report
from report_writing.models import DraftStatus, ModelReportPage, ReportDraft, ReportExercisePage, ReportWritingIndexPage
from report_writing.selectors import check_context, content_of_draft, only_roles_of
from tests.factories import client_for


@pytest.fixture
def exercise(demo, db):
    return ReportExercisePage.objects.get(slug=EXERCISE["slug"])


def user(username):
    return get_user_model().objects.get(username=username)


def test_the_section_is_in_the_menu_with_an_exercise_built_from_two_cases(exercise):
    index = ReportWritingIndexPage.objects.get()
    assert index.slug == INDEX["slug"] and index.show_in_menus and index.live
    assert len(exercise.cases.all()) == 2
    kinds = [block.block_type for block in exercise.materials]
    assert 4 <= kinds.count("fact") <= 6 and 4 <= kinds.count("evidence") <= 6
    assert exercise.model_report.slug == MODEL_REPORT["slug"]
    html = client_for(user("xueyuan")).get(index.url).content.decode()
    assert exercise.url in html and exercise.model_report.url in html


def test_the_model_report_raises_no_check_and_is_a_full_report(exercise):
    page = ModelReportPage.objects.get(slug=MODEL_REPORT["slug"])
    content = content_of_model_report(page=page)
    assert run_checks(content=content, context=check_context()) == []
    assert len(content.sections) == 6 and content.section_with_role("previous_round").text
    assert len(content.problems) == 3
    for problem in content.problems:
        assert len(problem.evidence) >= 2 and problem.articles and all(a.in_force for a in problem.articles)
    answered = {key for r in content.recommendations for key in r.problem_keys}
    assert answered == {p.key for p in content.problems}
    assert "示例" in page.title and "示例" in page.summary


def test_the_trainee_has_a_draft_in_progress_with_several_checks_firing(exercise):
    draft = ReportDraft.objects.get(writer__username="xueyuan", exercise_id=exercise.pk)
    assert draft.status == DraftStatus.WRITING
    findings = run_checks(
        content=content_of_draft(draft=draft), context=check_context(), only_roles=only_roles_of(draft=draft)
    )
    assert {"vague_wording", "single_source", "no_article", "problem_without_recommendation"} <= {
        f.code for f in findings
    }
    html = client_for(draft.writer).get(exercise.url).content.decode()
    assert "继续写作" in html


def test_a_member_draft_waits_in_the_queue_and_the_scripted_members_passed(exercise):
    reviewer = user("shenhe")
    html = client_for(reviewer).get(reverse("report_writing_marking")).content.decode()
    waiting = ReportDraft.objects.get(status=DraftStatus.SUBMITTED)
    assert waiting.writer.username == "demo-member-06"
    assert reverse("report_writing_mark_draft", args=[waiting.pk]) in html
    module = Track.objects.get(slug=TRACK["slug"]).modules.get(title=MODULE)
    assert [p.pk for p in module.report_exercises.all()] == [exercise.pk]
    marked = ReportDraft.objects.filter(status=DraftStatus.MARKED, exercise_id=exercise.pk)
    assert marked.count() == 3 and all(d.rubric_total >= exercise.pass_mark for d in marked)


def test_loading_again_changes_nothing(exercise):
    counts = (ReportDraft.objects.count(), ModelReportPage.objects.count(), ReportExercisePage.objects.count())
    report = load_demo_content()
    assert not [line for line in report.created if "report" in line]
    assert (ReportDraft.objects.count(), ModelReportPage.objects.count(), ReportExercisePage.objects.count()) == counts


def test_the_site_search_finds_the_demo_model_report(exercise, settings, tmp_path):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "search.backend", "INDEX_DIR": str(tmp_path / "index"), "WRITE_TIMEOUT": 10},
    }
    settings.SEARCH_BACKEND = "whoosh"
    call_command("update_index", stdout=StringIO())
    client = client_for(user("xueyuan"))
    results = client.get(reverse("search_api"), {"q": "补记"}).json()["results"]
    assert [r["title"] for r in results if r["type"] == "model_report"] == [MODEL_REPORT["title"]]
