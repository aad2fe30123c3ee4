"""The demo content package (fixtures/demo/packages/): it imports cleanly into a site with only the demo
regulations, re-linking its citations to the edition in force there; its version 2 meets a local edit as one
conflict; the committed files are what the demo content makes now; its 脱敏 report names every clearance."""

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import PageLogEntry

from cases.models import CasePage
from fixtures.demo.regulation_revision import REVISION
from fixtures.loader import load_demo_content, load_demo_regulations
from fixtures.packages_loader import (
    ADDED_TIP,
    CHANGED_CASE_SLUG,
    CLEARANCE_REASON,
    REPORT_NAME,
    desensitisation_report,
    make_demo_packages,
    package_file_name,
)
from packages.citations import CitationOutcome, CitationResolver
from packages.format import read_package, sha256
from packages.importing import Outcome, apply_import, preview_import, upload_package
from packages.models import ImportedItem
from regulations.models import RegulationPage, RegulationStatus

_BLOCK_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
DEMO_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "demo" / "packages"


def committed(version: int) -> bytes:
    return (DEMO_DIR / package_file_name(version)).read_bytes()


def _citations(value, found):
    if isinstance(value, dict):
        if "$article" in value:
            found.append(value["$article"])
        else:
            for inner in value.values():
                _citations(inner, found)
    elif isinstance(value, list):
        for inner in value:
            _citations(inner, found)
    return found


@pytest.fixture
def receiver(db):
    """A freshly migrated site after ``load_demo --regulations-only``; its editor bianji imports."""
    load_demo_regulations()
    return get_user_model().objects.get(username="bianji")


def receive(data: bytes, user, *, keep_local=frozenset()):
    upload = upload_package(data=data, file_name="demo.zip", user=user)
    preview = preview_import(upload=upload)
    return preview, apply_import(upload=upload, user=user, keep_local=set(keep_local))


def test_version_1_imports_cleanly_with_its_citations_on_the_edition_in_force(receiver):
    in_force = RegulationPage.objects.get(title=REVISION["title"])
    assert in_force.status == RegulationStatus.IN_FORCE
    preview, results = receive(committed(1), receiver)

    assert preview.problems == []
    assert preview.count(Outcome.NEW) == len(preview.items) > 100
    assert {r["outcome"] for r in results} == {Outcome.NEW}
    outcomes = [c.outcome for item in preview.items for c in item.citations]
    assert CitationOutcome.CHANGED in outcomes
    # The 2025 edition's 第十六条, which the revision deleted, is cited by the demo's case left open on purpose.
    assert CitationOutcome.MISSING in outcomes

    # Each changed citation of the first edition lands on an article of the edition in force here.
    resolver = CitationResolver()
    contents = read_package(committed(1))
    cited = [c for item in contents.items for c in _citations(item["data"], [])]
    changed = [resolver.resolve(c) for c in cited if resolver.resolve(c).outcome == CitationOutcome.CHANGED]
    assert changed and all(r.article.regulation_id == in_force.pk for r in changed)
    removed = [c for c in cited if resolver.resolve(c).outcome == CitationOutcome.MISSING]
    assert [c["number"] for c in removed] == [16]

    cases = CasePage.objects.all()
    assert cases.count() == sum(1 for item in contents.items if item["kind"] == "case")
    assert not cases.filter(live=True).exists(), "imported cases wait as drafts for this office's review"
    for case in cases:
        assert {link.article.regulation_id for link in case.get_latest_revision_as_object().article_links.all()} <= {
            in_force.pk
        }
        entry = PageLogEntry.objects.get(page=case, action="packages.source")
        assert entry.data["source"] == "示例县巡察办" and entry.data["version"] == 1


def test_version_2_after_a_local_edit_gives_one_conflict_and_leaves_the_rest(receiver):
    receive(committed(1), receiver)
    imported = ImportedItem.objects.get(model="cases.casepage", title__startswith="某局“三重一大”")
    case = CasePage.objects.get(pk=imported.object_id)
    assert case.slug == CHANGED_CASE_SLUG
    draft = case.get_latest_revision_as_object()
    draft.summary = draft.summary + "（本县编辑补充）"
    draft.save_revision(user=receiver)

    upload = upload_package(data=committed(2), file_name="demo-v2.zip", user=receiver)
    preview = preview_import(upload=upload)
    (conflict,) = preview.conflicts
    assert conflict.local.pk == case.pk
    assert preview.count(Outcome.UNCHANGED) == len(preview.items) - 1
    differences = [(here, theirs) for _label, here, theirs in conflict.differences]
    assert any(ADDED_TIP in theirs and ADDED_TIP not in here for here, theirs in differences)
    assert any("（本县编辑补充）" in here for here, _theirs in differences)

    results = apply_import(upload=upload, user=receiver, keep_local={conflict.key})
    assert sorted(r["outcome"] for r in results if r["outcome"] != Outcome.UNCHANGED) == ["kept"]
    kept = CasePage.objects.get(pk=case.pk).get_latest_revision_as_object()
    assert kept.summary.endswith("（本县编辑补充）") and ADDED_TIP not in kept.inspection_tips


def _is_block_id(key, value) -> bool:
    return key == "id" and bool(_BLOCK_ID.match(str(value)))


def _comparable(data: bytes) -> list[tuple]:
    """Each item's key, kind, title and data checksum, without what changes from one load of the demo to the next:
    the in-force edition's date (the demo sets it a fixed number of days before the day it is loaded,
    fixtures.readiness_loader), the random ids Wagtail gives stream blocks, and the order of rows whose order
    the database does not fix."""

    def undated(value):
        if isinstance(value, dict):
            return {k: undated(v) for k, v in value.items() if k != "edition" and not _is_block_id(k, v)}
        if isinstance(value, list):
            # Rows in the same order can come back in another order on PostgreSQL when their sort keys tie.
            return sorted((undated(v) for v in value), key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
        return value

    rows = []
    for item in read_package(data).items:
        body = json.dumps(undated(item["data"]), ensure_ascii=False, sort_keys=True).encode()
        rows.append((item["key"], item["kind"], item["title"], sha256(body)))
    return rows


def test_the_committed_files_are_what_the_demo_content_makes_now_and_a_second_run_writes_them_again(db, tmp_path):
    # One test, not a module fixture: load_demo needs the migrations' pages, which a transactional test elsewhere
    # in the suite may have flushed when a module fixture would run.
    load_demo_content()
    out = tmp_path / "first"
    out.mkdir()
    make_demo_packages(out)
    again = make_demo_packages(tmp_path / "again")

    for version in (1, 2):
        assert _comparable(committed(version)) == _comparable((out / package_file_name(version)).read_bytes()), (
            f"fixtures/demo/packages is out of date with the demo content: run make_demo_packages (version {version})"
        )
    first, second = _comparable(committed(1)), _comparable(committed(2))
    differing = [row[2] for row, other in zip(first, second, strict=True) if row != other]
    assert len(differing) == 1 and differing[0].startswith("某局“三重一大”")
    assert [p.name for p in again] == [package_file_name(1), package_file_name(2), REPORT_NAME]
    for version in (1, 2):
        assert (out / package_file_name(version)).read_bytes() == again[version - 1].read_bytes()


def test_the_report_names_each_clearance():
    data = committed(1)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    record = manifest["desensitisation"]
    report = (DEMO_DIR / REPORT_NAME).read_text(encoding="utf-8")
    assert report == desensitisation_report(data)
    assert record["cleared"] and len(record["cleared"]) == record["flags_found"]
    titles = {item["key"]: item["title"] for item in manifest["items"]}
    assert f"发现疑似未脱敏内容：{record['flags_found']} 处" in report
    for clearance in record["cleared"]:
        block = report.split(f"文字：{clearance['text']}")[0].rsplit("条目：", 1)[1]
        assert titles[clearance["item"]] in block
        assert clearance["reason"] == CLEARANCE_REASON and CLEARANCE_REASON in report
        assert f"审核人：{clearance['cleared_by']}" in report
