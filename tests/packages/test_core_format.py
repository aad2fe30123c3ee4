"""A damaged, cut-short or altered package is refused whole, in Chinese, and nothing is written."""

import io
import json
import zipfile

import pytest
from wagtail.models import Page

from packages import importing
from packages.format import PackageError, read_package
from packages.models import ImportedItem, PackageUpload
from tests.factories import CaseIndexPageFactory, CasePageFactory
from tests.packages.sending import RECEIVER, Offices, be

pytestmark = pytest.mark.django_db


@pytest.fixture
def offices():
    return Offices()


@pytest.fixture
def package(offices) -> bytes:
    case = CasePageFactory(parent=CaseIndexPageFactory())
    case.save_revision().publish()
    return offices.export([("case", case.pk)])


def _rewrite(data: bytes, change) -> bytes:
    """The package with ``change(name, content) -> content | None`` applied to each entry (None drops it)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = change(info.filename, source.read(info.filename))
            if content is not None:
                target.writestr(info.filename, content)
    return out.getvalue()


def _refused(offices, data: bytes) -> str:
    be(RECEIVER, "示例乙县巡察办")
    pages = Page.objects.count()
    with pytest.raises(PackageError) as refused:
        importing.upload_package(data=data, file_name="package.zip", user=offices.importer)
    assert PackageUpload.objects.count() == 0 and ImportedItem.objects.count() == 0
    assert Page.objects.count() == pages
    return refused.value.message


def test_a_sound_package_reads_back_with_its_manifest(package):
    contents = read_package(package)

    assert contents.source_name == "示例甲县巡察办"
    assert contents.manifest["approved_by"] and contents.manifest["package"]["version"] == 1
    assert [item["kind"] for item in contents.items] == ["case"]


def test_a_package_cut_short_is_refused(offices, package):
    message = _refused(offices, package[: len(package) // 2])

    assert "不完整" in message


def test_an_altered_entry_is_refused(offices, package):
    def alter(name, content):
        return content.replace("测试案例".encode(), "别的案例".encode()) if name.startswith("items/") else content

    message = _refused(offices, _rewrite(package, alter))

    assert "校验" in message


def test_an_entry_added_to_the_package_is_refused(offices, package):
    out = io.BytesIO(package)
    with zipfile.ZipFile(out, "a") as archive:
        archive.writestr("items/99999.json", "{}")

    message = _refused(offices, out.getvalue())

    assert "清单" in message


def test_an_entry_removed_from_the_package_is_refused(offices, package):
    message = _refused(offices, _rewrite(package, lambda name, c: None if name.startswith("items/") else c))

    assert "清单" in message


def test_a_file_that_is_not_a_package_is_refused(offices):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")

    assert "不是" in _refused(offices, out.getvalue())
    assert "不完整" in _refused(offices, b"plain text, not a zip")


def test_a_manifest_rewritten_without_its_source_is_refused(offices, package):
    def strip_source(name, content):
        if name != "manifest.json":
            return content
        manifest = json.loads(content)
        del manifest["source"]
        return json.dumps(manifest).encode()

    assert "损坏" in _refused(offices, _rewrite(package, strip_source))


def test_the_office_cannot_import_its_own_package(offices, package):
    with pytest.raises(PackageError) as refused:
        importing.upload_package(data=package, file_name="package.zip", user=offices.importer)

    assert "本办" in refused.value.message
    assert PackageUpload.objects.count() == 0
