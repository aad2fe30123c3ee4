"""A later version updates what nobody changed here, offers both texts where an editor did, and skips the rest."""

import pytest
from wagtail.models import Page, PageLogEntry

from cases.models import CasePage
from packages import importing
from packages.format import PackageError
from packages.importing import Outcome
from packages.models import ImportedItem
from tests.factories import CaseIndexPageFactory, CasePageFactory
from tests.packages.sending import Offices

pytestmark = pytest.mark.django_db


@pytest.fixture
def offices():
    return Offices()


@pytest.fixture
def source():
    case = CasePageFactory(parent=CaseIndexPageFactory(), summary="第一版概要")
    case.save_revision().publish()
    return case


def _publish_change(page: CasePage, **values) -> None:
    draft = page.get_latest_revision_as_object()
    for name, value in values.items():
        setattr(draft, name, value)
    draft.save_revision().publish()


def _local(source: CasePage) -> CasePage:
    return CasePage.objects.get(pk=ImportedItem.objects.get(origin_key=f"case:{source.pk}").object_id)


def _edit_here(page: CasePage, **values) -> None:
    draft = page.get_latest_revision_as_object()
    for name, value in values.items():
        setattr(draft, name, value)
    draft.save_revision()


def test_an_imported_page_arrives_as_a_draft_with_its_source_in_its_history(offices, source):
    offices.receive(offices.export([("case", source.pk)], key="k"))

    local = _local(source)
    assert not local.live and local.has_unpublished_changes
    assert local.summary == "第一版概要" and local.pk != source.pk
    logged = PageLogEntry.objects.filter(page=local, action="packages.source").get()
    assert logged.data["source"] == "示例甲县巡察办" and logged.data["version"] == 1


def test_a_later_version_updates_an_item_nobody_changed_here_as_a_new_draft(offices, source):
    offices.receive(offices.export([("case", source.pk)], key="k"))
    local = _local(source)
    local.get_latest_revision().publish()  # the receiver's reviewer published it unchanged
    _publish_change(source, summary="第二版概要")

    preview, _results = offices.receive(offices.export([("case", source.pk)], key="k"))

    assert [item.outcome for item in preview.items] == [Outcome.UPDATE]
    local = _local(source)
    assert local.summary == "第一版概要", "the published text stays until this office publishes the update"
    assert local.get_latest_revision_as_object().summary == "第二版概要"
    assert ImportedItem.objects.get().version == 2


def test_a_later_version_of_an_item_edited_here_is_a_conflict_and_keeping_ours_changes_nothing(offices, source):
    offices.receive(offices.export([("case", source.pk)], key="k"))
    _edit_here(_local(source), summary="本办改写的概要")
    _publish_change(source, summary="第二版概要")
    package = offices.export([("case", source.pk)], key="k")
    revisions = _local(source).revisions.count()

    preview, results = offices.receive(package, keep_local=frozenset({"i1"}))

    assert [item.outcome for item in preview.items] == [Outcome.CONFLICT]
    differences = [(here, theirs) for _label, here, theirs in preview.items[0].differences]
    assert differences == [("本办改写的概要", "第二版概要")], "only what differs in content, not the page's address"
    assert results[0]["outcome"] == "kept"
    assert _local(source).get_latest_revision_as_object().summary == "本办改写的概要"
    assert _local(source).revisions.count() == revisions


def test_taking_the_new_version_of_a_conflict_keeps_ours_in_the_history(offices, source):
    offices.receive(offices.export([("case", source.pk)], key="k"))
    _edit_here(_local(source), summary="本办改写的概要")
    _publish_change(source, summary="第二版概要")

    offices.receive(offices.export([("case", source.pk)], key="k"))

    local = _local(source)
    assert local.get_latest_revision_as_object().summary == "第二版概要"
    assert "本办改写的概要" in [r.as_object().summary for r in local.revisions.all()]


def test_the_same_text_again_is_unchanged_and_writes_no_revision(offices, source):
    offices.receive(offices.export([("case", source.pk)], key="k"))
    _edit_here(_local(source), summary="本办改写的概要")
    revisions = _local(source).revisions.count()

    preview, _results = offices.receive(offices.export([("case", source.pk)], key="k"))

    assert [item.outcome for item in preview.items] == [Outcome.UNCHANGED]
    assert _local(source).revisions.count() == revisions


def test_an_upload_is_imported_once(offices, source):
    preview, _results = offices.receive(offices.export([("case", source.pk)]))

    with pytest.raises(PackageError) as refused:
        importing.apply_import(upload=preview.upload, user=offices.importer, keep_local=set())

    assert "已经导入" in refused.value.message


def test_the_preview_writes_nothing(offices, source):
    package = offices.export([("case", source.pk)])
    preview = offices.preview(package)
    pages, items = Page.objects.count(), ImportedItem.objects.count()

    importing.preview_import(upload=preview.upload)

    assert (Page.objects.count(), ImportedItem.objects.count()) == (pages, items)


def test_a_failure_half_way_leaves_nothing_behind(offices, source, monkeypatch):
    second = CasePageFactory(parent=source.get_parent())
    second.save_revision().publish()
    package = offices.export([("case", source.pk), ("case", second.pk)])
    preview = offices.preview(package)
    pages = Page.objects.count()
    made = []
    create = importing._create

    def create_then_fail(*args, **kwargs):
        if made:
            raise RuntimeError("disk full")
        made.append(create(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(importing, "_create", create_then_fail)

    with pytest.raises(RuntimeError):
        importing.apply_import(upload=preview.upload, user=offices.importer, keep_local=set())

    assert made, "the first item was written before the failure"
    assert Page.objects.count() == pages and ImportedItem.objects.count() == 0
    preview.upload.refresh_from_db()
    assert preview.upload.imported_at is None


def test_a_section_missing_here_blocks_the_import(offices, source):
    package = offices.export([("case", source.pk)])
    source.get_parent().specific.delete()  # the receiver has no 案例库

    preview = offices.preview(package)

    assert preview.problems and "案例" in preview.problems[0]
    with pytest.raises(PackageError):
        importing.apply_import(upload=preview.upload, user=offices.importer, keep_local=set())
    assert ImportedItem.objects.count() == 0
