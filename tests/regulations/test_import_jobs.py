"""The regulation import as a background job: confirmed in the admin, written in short batches, all or nothing,
and taken back when the worker that ran it was killed.

The test settings run background tasks at once, so a confirmation has finished by the time its page is shown.
The search index is the real Whoosh backend in a folder of each test's own.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from regulations import import_jobs
from regulations.models import ImportStatus, RegulationArticle, RegulationImport, RegulationPage
from regulations.numerals import article_label
from regulations.services import record_import_attempt
from tests.import_jobs import INTERRUPTED, Killed, age, index_keys

pytestmark = pytest.mark.django_db


def text(articles: int) -> str:
    lines = ["第一章　总则"]
    for number in range(1, articles + 1):
        lines.append(f"{article_label(number)}　巡察组开展第{number}项工作，编号XJ{number:04d}。")
    return "\n".join(lines) + "\n"


def dangling(backend) -> set[str]:
    """Index entries whose row is gone ("wagtailcore.page:5" for a deleted page)."""
    gone = set()
    for key in index_keys(backend):
        label, pk = key.rsplit(":", 1)
        if not apps.get_model(label).objects.filter(pk=pk).exists():
            gone.add(key)
    return gone


@pytest.fixture(autouse=True)
def no_pause(monkeypatch):
    monkeypatch.setattr(import_jobs, "PAUSE_FLOOR_SECONDS", 0)
    monkeypatch.setattr(import_jobs, "PAUSE_SHARE", 0)


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(import_jobs, "ARTICLE_BATCH", 4)


@pytest.fixture
def editor_client(editor) -> Client:
    client = Client()
    client.force_login(editor)
    return client


def queued(editor, articles: int) -> RegulationImport:
    return record_import_attempt(
        source=text(articles).encode(),
        filename="办法.txt",
        title="测试办法",
        revises=None,
        user=editor,
        status=ImportStatus.QUEUED,
        articles=articles,
    )


def kill_in_batch(monkeypatch, number: int) -> None:
    real = import_jobs.article_rows
    calls = []

    def dying(**kwargs):
        calls.append(1)
        if len(calls) == number:
            raise Killed
        return real(**kwargs)

    monkeypatch.setattr(import_jobs, "article_rows", dying)


def killed_job(editor, monkeypatch, *, articles: int = 10, batch: int = 3) -> RegulationImport:
    """A job whose worker died during the given batch, the earlier batches committed."""
    job = queued(editor, articles)
    kill_in_batch(monkeypatch, batch)
    with pytest.raises(Killed):
        import_jobs.run_regulation_import(import_id=job.pk)
    job.refresh_from_db()
    return job


def test_confirming_in_the_admin_queues_a_job_that_ends_imported_with_its_articles_searchable(
    editor_client, editor, whoosh, small_batches
):
    upload = {"file": SimpleUploadedFile("办法.txt", text(10).encode("gbk")), "title": "测试办法"}
    preview = editor_client.post(reverse("regulation_import"), upload)
    attempt = RegulationImport.objects.get()
    assert attempt.status == ImportStatus.PREVIEWED and not RegulationPage.objects.exists()

    response = editor_client.post(preview["Location"], follow=True)

    assert response.redirect_chain == [(reverse("regulation_import_job", args=[attempt.pk]), 302)]
    attempt.refresh_from_db()
    regulation = RegulationPage.objects.get()
    assert (attempt.status, attempt.regulation, attempt.articles, attempt.progress) == (
        ImportStatus.IMPORTED,
        regulation,
        10,
        10,
    )
    assert not regulation.live and regulation.latest_revision is not None
    assert list(regulation.articles.values_list("ordinal", flat=True)) == list(range(1, 11))
    page = response.content.decode()
    assert "已导入" in page and 'http-equiv="refresh"' not in page  # ended: no more reloading
    assert [hit.label for hit in whoosh.search("XJ0007", RegulationArticle)] == ["第七条"]
    article_keys = {f"regulations.regulationarticle:{pk}" for pk in regulation.articles.values_list("pk", flat=True)}
    assert article_keys | {f"wagtailcore.page:{regulation.pk}"} <= index_keys(whoosh)


def test_articles_are_written_in_batches_and_indexed_with_one_call(editor, whoosh, small_batches, monkeypatch):
    bulk_calls, single_adds = [], []
    real = type(whoosh).add_bulk
    monkeypatch.setattr(
        type(whoosh),
        "add_bulk",
        lambda self, model, objs: bulk_calls.append((model, len(objs))) or real(self, model, objs),
    )
    real_add = type(whoosh).add
    monkeypatch.setattr(
        type(whoosh), "add", lambda self, obj: single_adds.append(type(obj).__name__) or real_add(self, obj)
    )
    batches = []
    real_rows = import_jobs.article_rows
    monkeypatch.setattr(import_jobs, "article_rows", lambda **kw: batches.append(len(kw["drafts"])) or real_rows(**kw))

    job = queued(editor, 10)
    import_jobs.run_regulation_import(import_id=job.pk)

    job.refresh_from_db()
    assert job.status == ImportStatus.IMPORTED and RegulationArticle.objects.count() == 10
    assert batches == [4, 4, 2]
    assert bulk_calls == [(RegulationArticle, 10)]
    assert "RegulationArticle" not in single_adds  # never one index commit per article


def test_a_failure_in_a_later_batch_leaves_no_page_no_articles_and_no_index_entries(
    editor_client, editor, whoosh, small_batches, monkeypatch
):
    real = import_jobs.article_rows
    calls = []

    def failing(**kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(**kwargs)

    monkeypatch.setattr(import_jobs, "article_rows", failing)
    upload = {"file": SimpleUploadedFile("办法.txt", text(10).encode()), "title": "测试办法"}
    preview = editor_client.post(reverse("regulation_import"), upload)

    page = editor_client.post(preview["Location"], follow=True).content.decode()

    attempt = RegulationImport.objects.get()
    assert attempt.status == ImportStatus.FAILED and attempt.regulation is None
    assert "未写入任何内容" in attempt.error and attempt.error in page
    assert not RegulationPage.objects.exists() and not RegulationArticle.objects.exists()
    assert not any(key.startswith("regulations.") for key in index_keys(whoosh))
    assert dangling(whoosh) == set()  # nor the draft edition's page
    assert not list(whoosh.search("XJ0001", RegulationArticle))


def test_a_job_is_run_once(editor):
    job = queued(editor, 3)
    import_jobs.run_regulation_import(import_id=job.pk)
    import_jobs.run_regulation_import(import_id=job.pk)  # a retried task finds it done and leaves it
    assert RegulationPage.objects.count() == 1 and RegulationArticle.objects.count() == 3


def test_a_job_left_running_by_a_killed_worker_is_taken_back(editor, whoosh, small_batches, monkeypatch):
    job = killed_job(editor, monkeypatch)
    assert job.status == ImportStatus.RUNNING and job.progress == 8
    assert RegulationPage.objects.count() == 1 and RegulationArticle.objects.count() == 8
    age(job, 11)

    with translation.override("zh-hans"):
        recovered = import_jobs.recover_interrupted_imports()

    assert recovered == [job.pk]
    job.refresh_from_db()
    assert (job.status, job.error, job.regulation, job.progress) == (ImportStatus.FAILED, INTERRUPTED, None, 0)
    assert not RegulationPage.objects.exists() and not RegulationArticle.objects.exists()
    assert not any(key.startswith("regulations.") for key in index_keys(whoosh))
    assert dangling(whoosh) == set()  # nor the draft edition's page


def test_a_running_job_with_a_recent_heartbeat_is_left_alone(editor, small_batches, monkeypatch):
    job = killed_job(editor, monkeypatch)
    age(job, 2)

    assert import_jobs.recover_interrupted_imports() == []

    job.refresh_from_db()
    assert job.status == ImportStatus.RUNNING and job.regulation is not None
    assert RegulationArticle.objects.count() == 8


def test_a_worker_still_writing_stops_once_its_job_was_taken_back(editor, small_batches, monkeypatch):
    job = queued(editor, 10)
    # Someone takes the job back between the first batch and the second.
    real, calls = import_jobs._write_batch, []

    def taken_back_before_the_second(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            assert import_jobs.recover_import(import_id=job.pk, stale_after=timedelta(0))
        return real(*args, **kwargs)

    monkeypatch.setattr(import_jobs, "_write_batch", taken_back_before_the_second)

    with translation.override("zh-hans"):
        import_jobs.run_regulation_import(import_id=job.pk)

    job.refresh_from_db()
    assert (job.status, job.error) == (ImportStatus.FAILED, INTERRUPTED)
    assert not RegulationPage.objects.exists() and not RegulationArticle.objects.exists()


def test_the_command_at_worker_start_takes_back_every_running_job(editor, small_batches, monkeypatch):
    job = killed_job(editor, monkeypatch)  # heartbeat seconds old: the worker was restarted at once

    call_command("recover_interrupted_imports")
    job.refresh_from_db()
    assert job.status == ImportStatus.RUNNING  # the default timeout keeps it

    call_command("recover_interrupted_imports", "--minutes", "0")
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and not RegulationPage.objects.exists()


def test_the_job_page_reloads_while_running_and_offers_to_take_back_a_stuck_job(
    editor_client, editor, small_batches, monkeypatch
):
    job = killed_job(editor, monkeypatch)
    url = reverse("regulation_import_job", args=[job.pk])
    page = editor_client.get(url).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page and "80%" in page
    assert "data-take-back" not in page  # not stuck yet

    # A POST before the timeout changes nothing.
    editor_client.post(url)
    job.refresh_from_db()
    assert job.status == ImportStatus.RUNNING and RegulationArticle.objects.count() == 8

    age(job, 11)
    assert "data-take-back" in editor_client.get(url).content.decode()
    response = editor_client.post(url, follow=True)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and not RegulationPage.objects.exists()
    assert INTERRUPTED in response.content.decode()


def test_the_job_page_is_for_those_who_may_import(editor, trainee_client):
    job = queued(editor, 3)
    url = reverse("regulation_import_job", args=[job.pk])
    assert trainee_client.get(url).status_code == 403
    assert trainee_client.post(url).status_code == 403


def test_the_command_line_import_runs_the_same_job(tmp_path, whoosh):
    source = tmp_path / "办法.txt"
    source.write_text(text(5), encoding="utf-8")
    call_command("import_regulation", str(source), "--title", "测试办法")
    attempt = RegulationImport.objects.get()
    assert (attempt.status, attempt.progress, attempt.articles) == (ImportStatus.IMPORTED, 5, 5)
    assert [hit.label for hit in whoosh.search("XJ0003", RegulationArticle)] == ["第三条"]
