"""A damaged or missing Whoosh index never gives a 500 or a silent empty page, and update_index recovers every fault."""

from __future__ import annotations

import json
import logging
import shutil
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from modelsearch.backends import get_search_backend

from cases.models import CasePage
from search import tasks
from search.index_store import BUILDING_FILE, CURRENT_FILE, REBUILD_REQUESTED_FILE
from search.models import PendingIndexOperation
from tests.factories import CaseIndexPageFactory, CasePageFactory

pytestmark = pytest.mark.django_db

NOTICE = "搜索索引正在重建，结果可能不完整"


@pytest.fixture
def cases(backend):
    parent = CaseIndexPageFactory()
    for n in range(3):
        CasePageFactory(parent=parent, title=f"巡察案例{n}", summary="巡察组发现问题。", facts="<p>个别谈话记录。</p>")
    call_command("update_index", stdout=StringIO())
    return parent


@pytest.fixture
def queued_rebuilds(monkeypatch):
    """Count the rebuilds the site queues instead of running them (the worker would)."""
    calls = []

    class Queued:
        call = tasks.rebuild_search_index.call

        def enqueue(self, *args, **kwargs):
            calls.append(1)

    monkeypatch.setattr(tasks, "rebuild_search_index", Queued())
    return calls


def current(index_dir) -> str:
    return (index_dir / CURRENT_FILE).read_text().strip()


def truncate_segments(index_dir) -> None:
    for seg in (index_dir / current(index_dir)).glob("*.seg"):
        seg.write_bytes(seg.read_bytes()[:100])


def garbage_pointer(index_dir) -> None:
    (index_dir / CURRENT_FILE).write_bytes(b"\xff\xfe\x00garbage")


def partial_generation(index_dir) -> None:
    """The live generation lost its table of contents (a copy or a rebuild cut short)."""
    for toc in (index_dir / current(index_dir)).glob("*.toc"):
        toc.write_bytes(toc.read_bytes()[:10])


def missing_folder(index_dir) -> None:
    shutil.rmtree(index_dir)


FAULTS = [truncate_segments, garbage_pointer, partial_generation, missing_folder]


def search_page(client, q):
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    return response.content.decode()


def search_api(client, q):
    response = client.get("/api/search/", {"q": q})
    assert response.status_code == 200
    return json.loads(response.content)


@pytest.mark.parametrize("fault", FAULTS, ids=lambda f: f.__name__)
def test_a_fault_answers_from_the_database_with_the_notice_and_the_searches_write_nothing(
    fault, cases, index_dir, trainee_client, queued_rebuilds, caplog
):
    store = get_search_backend("default").store
    search_page(trainee_client, "巡察")  # this worker had the index open before the fault (a truncated
    fault(index_dir)  # segment it had mapped in memory would kill it with SIGBUS if it were read)
    folder_before = sorted(p.name for p in index_dir.iterdir()) if index_dir.exists() else None
    with caplog.at_level(logging.WARNING, logger="search.backend"):
        page = search_page(trainee_client, "谈话")
        store._local.searcher = None
        store._damaged.clear()  # as a worker started (or reloaded) after the fault
        data = search_api(trainee_client, "谈话")
        search_api(trainee_client, "巡察")
    assert NOTICE in page
    assert "巡察案例0" in page  # what the database can find, not an empty page
    assert data["index_degraded"] is True
    assert {r["title"] for r in data["results"]} == {"巡察案例0", "巡察案例1", "巡察案例2"}
    assert any(r.levelno >= logging.WARNING for r in caplog.records if r.name == "search.backend")
    # A GET writes nothing: no rebuild queued, no request file, no pending row.
    assert queued_rebuilds == [] and not PendingIndexOperation.objects.exists()
    assert (sorted(p.name for p in index_dir.iterdir()) if index_dir.exists() else None) == folder_before


@pytest.mark.parametrize("fault", FAULTS, ids=lambda f: f.__name__)
def test_the_timers_check_reports_a_fault_and_repairs_it(fault, cases, index_dir, trainee_client):
    assert "OK" in command_output("check_search_index")
    fault(index_dir)
    store = get_search_backend("default").store
    store._local.searcher = None
    store._damaged.clear()  # the timer's process opens the index afresh
    with pytest.raises(CommandError, match="missing or damaged"):
        call_command("check_search_index", stdout=StringIO())
    assert "rebuilt" in command_output("check_search_index", "--repair")
    data = search_api(trainee_client, "谈话")
    assert data["index_degraded"] is False and len(data["results"]) == 3
    assert "OK" in command_output("check_search_index")


def command_output(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("fault", FAULTS, ids=lambda f: f.__name__)
def test_update_index_recovers_every_fault_and_removes_orphan_generations(
    fault, cases, index_dir, trainee_client, queued_rebuilds
):
    fault(index_dir)
    # A rebuild that died half-way left its generation and BUILDING pointer behind.
    index_dir.mkdir(exist_ok=True)
    (index_dir / "gen-20200101T000000-dead").mkdir()
    (index_dir / BUILDING_FILE).write_text("gen-20200101T000000-dead\n")

    call_command("update_index", stdout=StringIO())

    live = current(index_dir)
    generations = {p.name for p in index_dir.iterdir() if p.is_dir()}
    assert "gen-20200101T000000-dead" not in generations
    assert live in generations and len(generations) <= 2  # the live one, and at most the valid one it replaced
    assert not (index_dir / BUILDING_FILE).exists()
    assert not (index_dir / REBUILD_REQUESTED_FILE).exists()
    data = search_api(trainee_client, "谈话")
    assert data["index_degraded"] is False
    assert len(data["results"]) == 3
    assert NOTICE not in search_page(trainee_client, "谈话")


def test_no_notice_when_the_index_is_healthy(cases, trainee_client):
    assert NOTICE not in search_page(trainee_client, "谈话")
    assert search_api(trainee_client, "谈话")["index_degraded"] is False


@pytest.mark.parametrize("fault", [missing_folder, garbage_pointer], ids=lambda f: f.__name__)
def test_a_save_never_creates_a_partial_index_in_place_of_a_missing_one(fault, cases, index_dir, queued_rebuilds):
    before = {p.name for p in index_dir.iterdir() if p.is_dir()}
    fault(index_dir)
    pointer = (index_dir / CURRENT_FILE).read_bytes() if (index_dir / CURRENT_FILE).exists() else None
    case = CasePageFactory(parent=cases, title="新案例", summary="巡察整改。")

    # No fresh generation holding only the new page: the edit is queued and one rebuild asked for.
    assert {p.name for p in index_dir.iterdir() if p.is_dir()} <= before
    assert ((index_dir / CURRENT_FILE).read_bytes() if (index_dir / CURRENT_FILE).exists() else None) == pointer
    assert PendingIndexOperation.objects.filter(object_pk=str(case.pk), op="add").exists()
    assert len(queued_rebuilds) == 1

    # The rebuild the worker runs puts everything back, the queued edit included.
    tasks.rebuild_search_index.call()
    assert sorted(p.title for p in CasePage.objects.search("巡察")) == ["巡察案例0", "巡察案例1", "巡察案例2", "新案例"]
    assert not PendingIndexOperation.objects.exists()
