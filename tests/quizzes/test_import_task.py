"""The question import as a background job: checked in the request, written by the worker in batches.

The test settings run background tasks at once, so an upload has finished by the time the progress page is shown.
The search index is the real Whoosh backend in a folder of each test's own.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from quizzes import spreadsheet_format as fmt
from quizzes import spreadsheet_jobs
from quizzes.models import ImportState, Question, QuestionImport
from quizzes.spreadsheet_rows import QuestionSpec, questions_for_specs
from quizzes.spreadsheets import export_question_bank
from quizzes.tasks import queue_question_import
from tests.import_jobs import index_keys
from tests.quizzes.factories import QuestionCategoryFactory, QuestionFactory
from tests.quizzes.workbooks import changing_workbook, single_row, workbook

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def category():
    return QuestionCategoryFactory(name="巡察程序", parent=QuestionCategoryFactory(name="巡察工作条例"))


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(spreadsheet_jobs, "BATCH_ROWS", 4)


def rows(count: int, stem: str = "第{}题：巡察组对谁负责？") -> bytes:
    return workbook(*(single_row(**{fmt.STEM: stem.format(n)}) for n in range(count)))


def upload(data: bytes) -> dict:
    return {"file": SimpleUploadedFile("题库.xlsx", data, content_type=XLSX)}


def fail_in_batch(monkeypatch, number: int) -> None:
    """Make the given batch's write raise, after the earlier batches have committed."""
    real = spreadsheet_jobs.create_questions
    calls = []

    def failing(specs):
        calls.append(len(specs))
        if len(calls) == number:
            raise RuntimeError("disk full")
        return real(specs)

    monkeypatch.setattr(spreadsheet_jobs, "create_questions", failing)


def test_an_upload_is_checked_queued_and_imported_and_the_editor_lands_on_its_progress(editor, category, whoosh):
    client = Client()
    client.force_login(editor)
    response = client.post(reverse("quizzes_import"), upload(rows(3)), follow=True)
    job = QuestionImport.objects.get()
    assert response.redirect_chain == [(reverse("quizzes_import_job", args=[job.pk]), 302)]
    assert (job.state, job.user, job.file_name, job.rows, job.progress) == (ImportState.DONE, editor, "题库.xlsx", 3, 3)
    assert (job.created, job.updated, job.unchanged) == (3, 0, 0)
    assert job.data == b"" and job.undo == {}  # the upload is not kept once imported
    page = response.content.decode()
    assert "3" in page and 'http-equiv="refresh"' not in page  # ended: no more reloading
    assert Question.objects.count() == 3


def test_a_bad_upload_still_lists_every_problem_and_queues_nothing(editor, category):
    client = Client()
    client.force_login(editor)
    data = workbook(single_row(**{fmt.KIND: "选择题"}), single_row(**{fmt.STEM: "好题"}))
    response = client.post(reverse("quizzes_import"), upload(data))
    assert response.status_code == 200
    assert [(e.row, e.column) for e in response.context["errors"]] == [(2, fmt.KIND)]
    assert not QuestionImport.objects.exists() and not Question.objects.exists()


def test_the_progress_page_reloads_itself_while_the_import_is_queued_or_running(editor):
    client = Client()
    client.force_login(editor)
    for state in (ImportState.QUEUED, ImportState.RUNNING):
        job = QuestionImport.objects.create(user=editor, file_name="题库.xlsx", rows=400, progress=200, state=state)
        page = client.get(reverse("quizzes_import_job", args=[job.pk])).content.decode()
        assert '<meta http-equiv="refresh" content="2">' in page
        assert "50%" in page


def test_the_progress_page_is_for_those_who_may_import(editor, trainee_client):
    job = QuestionImport.objects.create(user=editor, file_name="题库.xlsx", rows=1)
    assert trainee_client.get(reverse("quizzes_import_job", args=[job.pk])).status_code == 403


def test_the_import_page_lists_recent_imports(editor):
    client = Client()
    client.force_login(editor)
    job = QuestionImport.objects.create(user=editor, file_name="第一批.xlsx", rows=7, state=ImportState.FAILED)
    page = client.get(reverse("quizzes_import")).content.decode()
    assert reverse("quizzes_import_job", args=[job.pk]) in page and "第一批.xlsx" in page


def test_rows_are_written_in_batches_and_indexed_with_one_call_per_batch(
    editor, category, whoosh, small_batches, monkeypatch
):
    calls = []
    real = type(whoosh).add_bulk
    monkeypatch.setattr(
        type(whoosh), "add_bulk", lambda self, model, objs: calls.append(len(objs)) or real(self, model, objs)
    )
    single_adds = []
    monkeypatch.setattr(type(whoosh), "add", lambda self, obj: single_adds.append(obj))

    job = queue_question_import(data=rows(10), file_name="题库.xlsx", user=editor)

    assert job.state == ImportState.DONE and job.created == 10
    assert calls == [4, 4, 2] and single_adds == []  # never one index commit per question
    assert index_keys(whoosh) == {f"quizzes.question:{pk}" for pk in Question.objects.values_list("pk", flat=True)}
    assert [q.stem for q in whoosh.search("第7题", Question)] == ["第7题：巡察组对谁负责？"]


def test_a_failure_in_the_third_batch_leaves_no_questions_and_no_index_entries(
    editor, category, whoosh, small_batches, monkeypatch
):
    kept = QuestionFactory(stem="原有的题", categories=[category])
    whoosh.add(kept)
    fail_in_batch(monkeypatch, 3)

    job = queue_question_import(data=rows(10), file_name="题库.xlsx", user=editor)

    assert job.state == ImportState.FAILED
    assert "nothing was imported" in job.error or "未导入" in job.error
    assert list(Question.objects.all()) == [kept]
    assert index_keys(whoosh) == {f"quizzes.question:{kept.pk}"}
    assert (job.progress, job.created, job.data, job.undo) == (0, 0, b"", {})


def test_a_failure_restores_the_questions_earlier_batches_changed(editor, category, whoosh, small_batches, monkeypatch):
    for n in range(6):
        QuestionFactory(stem=f"原题{n}", categories=[category])
    before = {q.pk: QuestionSpec.of(q) for q in questions_for_specs()}
    data = changing_workbook()
    fail_in_batch(monkeypatch, 3)

    job = queue_question_import(data=data, file_name="题库.xlsx", user=editor)

    assert job.state == ImportState.FAILED
    assert job.undo == {}
    # The first 6 rows were updated by batches 1 and 2, then restored; the index never saw the changes.
    assert {q.pk: QuestionSpec.of(q) for q in questions_for_specs()} == before
    assert index_keys(whoosh) == {f"quizzes.question:{pk}" for pk in before}
    assert not list(whoosh.search("改过的题", Question)) and not list(whoosh.search("新题", Question))


def test_a_question_deleted_while_the_job_waited_fails_the_job_with_the_row(editor, category, whoosh):
    question = QuestionFactory(stem="要删的题", categories=[category])
    data = export_question_bank()
    job = QuestionImport.objects.create(user=editor, file_name="题库.xlsx", rows=1, data=data)
    # Deleted after the check: the worker's own check finds the row's number gone.
    question.delete()

    spreadsheet_jobs.run_question_import(job_id=job.pk)

    job.refresh_from_db()
    assert job.state == ImportState.FAILED and "2" in job.error
    assert not Question.objects.exists()


def test_a_job_is_run_once(editor, category):
    job = QuestionImport.objects.create(user=editor, file_name="题库.xlsx", rows=2, data=rows(2))
    spreadsheet_jobs.run_question_import(job_id=job.pk)
    spreadsheet_jobs.run_question_import(job_id=job.pk)  # a retried task finds it done and leaves it
    assert Question.objects.count() == 2
