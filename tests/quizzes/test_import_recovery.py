"""A question import whose worker was killed half-way (kill -9, power cut) is taken back and marked 失败."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from quizzes import spreadsheet_jobs
from quizzes.models import ImportState, Question, QuestionImport
from quizzes.spreadsheet_rows import QuestionSpec, questions_for_specs
from tests.import_jobs import INTERRUPTED, Killed, age
from tests.quizzes.factories import QuestionCategoryFactory, QuestionFactory
from tests.quizzes.workbooks import changing_workbook

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_batches_no_pause(monkeypatch):
    monkeypatch.setattr(spreadsheet_jobs, "BATCH_ROWS", 4)
    monkeypatch.setattr(spreadsheet_jobs, "PAUSE_FLOOR_SECONDS", 0)
    monkeypatch.setattr(spreadsheet_jobs, "PAUSE_SHARE", 0)


@pytest.fixture
def bank():
    """Six questions already in the bank, and what they say."""
    category = QuestionCategoryFactory(name="巡察程序", parent=QuestionCategoryFactory(name="巡察工作条例"))
    for n in range(6):
        QuestionFactory(stem=f"原题{n}", categories=[category])
    return {q.pk: QuestionSpec.of(q) for q in questions_for_specs()}


def killed_job(editor, monkeypatch, *, batch: int = 3) -> QuestionImport:
    """A job whose worker died in the given batch: the earlier ones changed questions and added new ones."""
    data = changing_workbook()
    job = QuestionImport.objects.create(user=editor, file_name="题库.xlsx", rows=12, data=data)
    real = spreadsheet_jobs.create_questions
    calls = []

    def dying(specs):
        calls.append(1)
        if len(calls) == batch:
            raise Killed
        return real(specs)

    monkeypatch.setattr(spreadsheet_jobs, "create_questions", dying)
    with pytest.raises(Killed):
        spreadsheet_jobs.run_question_import(job_id=job.pk)
    job.refresh_from_db()
    return job


def test_a_job_left_running_with_a_stale_heartbeat_is_taken_back(editor, bank, monkeypatch):
    job = killed_job(editor, monkeypatch)
    # Batches 1 and 2 changed the six questions and added two; the job says 导入中 with its undo kept.
    assert job.state == ImportState.RUNNING and job.progress == 8 and len(job.undo["created"]) == 2
    assert Question.objects.count() == 8
    age(job, 11)

    with translation.override("zh-hans"):
        assert spreadsheet_jobs.recover_interrupted_imports() == [job.pk]

    job.refresh_from_db()
    assert (job.state, job.error, job.undo, job.data, job.progress) == (ImportState.FAILED, INTERRUPTED, {}, b"", 0)
    assert job.finished_at is not None
    assert {q.pk: QuestionSpec.of(q) for q in questions_for_specs()} == bank  # new ones gone, changed restored


def test_a_running_job_with_a_fresh_heartbeat_is_left_alone(editor, bank, monkeypatch):
    job = killed_job(editor, monkeypatch)
    age(job, 2)

    assert spreadsheet_jobs.recover_interrupted_imports() == []

    job.refresh_from_db()
    assert job.state == ImportState.RUNNING and len(job.undo["created"]) == 2
    assert Question.objects.count() == 8


def test_a_take_back_that_was_itself_cut_short_is_finished(editor, bank, monkeypatch):
    job = killed_job(editor, monkeypatch)
    age(job, 11)

    def killed_while_taking_back(job):
        raise Killed

    monkeypatch.setattr(spreadsheet_jobs, "_take_back", killed_while_taking_back)
    with pytest.raises(Killed):
        spreadsheet_jobs.recover_interrupted_imports()
    monkeypatch.undo()  # the take-back works again (and the batch size is back to normal: no import runs)
    job.refresh_from_db()
    assert job.state == ImportState.FAILED and job.undo  # marked first, its undo still kept

    with translation.override("zh-hans"):
        assert spreadsheet_jobs.recover_interrupted_imports() == [job.pk]

    job.refresh_from_db()
    assert (job.error, job.undo) == (INTERRUPTED, {})
    assert {q.pk: QuestionSpec.of(q) for q in questions_for_specs()} == bank


def test_a_worker_still_writing_stops_once_its_job_was_taken_back(editor, bank, monkeypatch):
    job = QuestionImport.objects.create(user=editor, file_name="题库.xlsx", rows=12, data=changing_workbook())
    # Someone takes the job back between the first batch and the second (each batch's transaction opens
    # after the per-object indexing is suspended).
    real, calls = spreadsheet_jobs.per_object_indexing_suspended, []

    def taken_back_before_the_second():
        calls.append(1)
        if len(calls) == 2:
            assert spreadsheet_jobs.recover_import(job_id=job.pk, stale_after=timedelta(0))
        return real()

    monkeypatch.setattr(spreadsheet_jobs, "per_object_indexing_suspended", taken_back_before_the_second)

    with translation.override("zh-hans"):
        spreadsheet_jobs.run_question_import(job_id=job.pk)

    job.refresh_from_db()
    assert (job.state, job.error, job.undo) == (ImportState.FAILED, INTERRUPTED, {})
    assert {q.pk: QuestionSpec.of(q) for q in questions_for_specs()} == bank


def test_the_command_at_worker_start_takes_back_every_running_job(editor, bank, monkeypatch):
    job = killed_job(editor, monkeypatch)  # heartbeat seconds old: the worker was restarted at once

    call_command("recover_interrupted_imports")
    job.refresh_from_db()
    assert job.state == ImportState.RUNNING

    call_command("recover_interrupted_imports", "--minutes", "0")
    job.refresh_from_db()
    assert job.state == ImportState.FAILED
    assert {q.pk: QuestionSpec.of(q) for q in questions_for_specs()} == bank


def test_the_job_page_offers_to_take_back_a_stuck_job_only(editor, bank, monkeypatch):
    job = killed_job(editor, monkeypatch)
    client = Client()
    client.force_login(editor)
    url = reverse("quizzes_import_job", args=[job.pk])
    assert "data-take-back" not in client.get(url).content.decode()
    client.post(url)  # not stuck yet: nothing changes
    job.refresh_from_db()
    assert job.state == ImportState.RUNNING and Question.objects.count() == 8

    age(job, 11)
    assert "data-take-back" in client.get(url).content.decode()
    page = client.post(url, follow=True).content.decode()
    job.refresh_from_db()
    assert job.state == ImportState.FAILED and INTERRUPTED in page
    assert {q.pk: QuestionSpec.of(q) for q in questions_for_specs()} == bank


def test_only_importers_may_take_back_a_job(editor, trainee_client):
    job = QuestionImport.objects.create(user=editor, file_name="题库.xlsx", rows=1, state=ImportState.RUNNING)
    QuestionImport.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    assert trainee_client.post(reverse("quizzes_import_job", args=[job.pk])).status_code == 403
    job.refresh_from_db()
    assert job.state == ImportState.RUNNING
