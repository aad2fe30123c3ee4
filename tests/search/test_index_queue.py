"""Durable index writes: an edit whose index write cannot land now is queued, then drained into the index."""

from __future__ import annotations

import threading
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, connections
from modelsearch.backends import get_search_backend
from whoosh import query as wq

from cases.models import CasePage
from search import tasks
from search.documents import document_key
from search.models import PendingIndexOperation
from tests.factories import CaseIndexPageFactory, CasePageFactory


@pytest.fixture
def short_timeout(settings, index_dir, db):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "search.backend", "INDEX_DIR": str(index_dir), "WRITE_TIMEOUT": 0.3},
    }
    return get_search_backend("default")


def keys_with(store, word: str) -> set[str]:
    with store.searcher() as searcher:
        hits = searcher.search(wq.Term("body", word), limit=None)
        return {hit["key"] for hit in hits}


@pytest.mark.django_db
def test_a_write_that_times_out_is_queued_and_lands_after_the_drain(short_timeout):
    store = short_timeout.store
    parent = CaseIndexPageFactory()
    case = CasePageFactory(parent=parent, title="某案例", facts="<p>个别谈话。</p>")
    call_command("update_index", stdout=StringIO())

    # Another writer (a rebuild's merge, another worker) holds the live generation's write lock.
    held = store.open_generation(store.current_generation()).writer()
    try:
        case.facts = "<p>违规发放津贴补贴。</p>"
        started = time.monotonic()
        case.save()
        waited = time.monotonic() - started
        assert document_key(case) not in keys_with(store, "津贴")
        assert PendingIndexOperation.objects.filter(object_pk=str(case.pk), op="add").count() >= 1
    finally:
        held.cancel()
    assert waited < 2.0  # the editor waits for the short write timeout, not 30 s

    assert tasks.drain_pending_index.call() >= 1
    assert document_key(case) in keys_with(store, "津贴")
    assert not PendingIndexOperation.objects.exists()
    assert [c.title for c in CasePage.objects.search("津贴")] == ["某案例"]


@pytest.mark.django_db
def test_a_delete_that_times_out_is_queued_and_lands_after_the_drain(short_timeout):
    store = short_timeout.store
    case = CasePageFactory(parent=CaseIndexPageFactory(), title="某案例", facts="<p>津贴。</p>")
    call_command("update_index", stdout=StringIO())
    key = document_key(case)
    held = store.open_generation(store.current_generation()).writer()
    try:
        case.delete()
    finally:
        held.cancel()
    assert key in keys_with(store, "津贴")
    tasks.drain_pending_index.call()
    assert key not in keys_with(store, "津贴")


@pytest.fixture
def file_database(tmp_path):
    """Settings for the threads' own connections: a file copy of the SQLite test database (on PostgreSQL, itself)."""

    def settings() -> dict:
        if connection.vendor != "sqlite" or not connection.is_in_memory_db():
            return connection.settings_dict
        import sqlite3

        path = tmp_path / "concurrent.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
            target.execute("PRAGMA journal_mode=WAL")
        finally:
            target.close()
        return {**connection.settings_dict, "NAME": str(path)}

    return settings


EDITS = 12


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_rebuild_with_concurrent_edits_ends_with_every_edit_indexed(backend, file_database, monkeypatch):
    store = backend.store
    parent = CaseIndexPageFactory()
    pks = [CasePageFactory(parent=parent, title=f"案例{n}", facts="<p>个别谈话。</p>").pk for n in range(EDITS)]
    call_command("update_index", stdout=StringIO())
    db_settings = file_database()

    # The edits come after the rebuild has read every case and before its generation goes live: only the
    # pending operations can bring them into it.
    rebuilding = threading.Event()  # the rebuild has filled its generation
    edited = threading.Event()  # every edit is saved: only then may the rebuild go live
    finish = store.finish_rebuild

    def finish_rebuild(name, **kwargs):
        rebuilding.set()
        edited.wait(timeout=120)
        return finish(name, **kwargs)

    monkeypatch.setattr(store, "finish_rebuild", finish_rebuild)
    errors: list[BaseException] = []
    waits: list[float] = []

    def own_connection():
        connections["default"] = type(connections["default"])(db_settings, "default")

    def rebuild():
        try:
            own_connection()
            call_command("update_index", stdout=StringIO())
        except BaseException as exc:
            errors.append(exc)
        finally:
            rebuilding.set()
            connections["default"].close()

    def edit():
        try:
            own_connection()
            assert rebuilding.wait(timeout=120)
            for n, pk in enumerate(pks):  # bounded: one save per case
                case = CasePage.objects.get(pk=pk)
                case.facts = f"<p>第{n}次修改：违规发放津贴补贴。</p>"
                started = time.monotonic()
                case.save()
                waits.append(time.monotonic() - started)
        except BaseException as exc:
            errors.append(exc)
        finally:
            edited.set()
            connections["default"].close()

    threads = [threading.Thread(target=rebuild), threading.Thread(target=edit)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads)
    assert not errors, errors
    assert len(waits) == EDITS and max(waits) < 2.5  # an edit during a rebuild never waits for it

    # Every edit is in the generation that went live, and nothing is left in the queue.
    assert keys_with(store, "津贴") == {document_key(CasePage(pk=pk)) for pk in pks}
    assert not store.rebuild_running()
    assert queued_operations(db_settings) == 0


def queued_operations(db_settings: dict) -> int:
    """Rows left in the threads' database (the file copy on SQLite)."""
    if db_settings is connection.settings_dict:
        return PendingIndexOperation.objects.count()
    import sqlite3

    with sqlite3.connect(db_settings["NAME"]) as db:
        return db.execute(f"SELECT COUNT(*) FROM {PendingIndexOperation._meta.db_table}").fetchone()[0]
