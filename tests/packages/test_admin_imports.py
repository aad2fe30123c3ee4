"""Importing through the admin: upload (a damaged file keeps nothing), the preview (writes nothing), the
confirmation with the editor's choice per conflict, and the index that lists what arrived and from where."""

import html
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.models import Page

from cases.models import CasePage
from core import roles
from packages.models import ImportedItem, PackageUpload
from tests.factories import CaseIndexPageFactory, CasePageFactory, UserFactory, client_for
from tests.packages.sending import RECEIVER, Offices, be

pytestmark = pytest.mark.django_db


@pytest.fixture
def offices():
    return Offices()


@pytest.fixture
def source():
    case = CasePageFactory(parent=CaseIndexPageFactory(), title="示例案例：公车私用", summary="第一版概要")
    case.save_revision().publish()
    return case


def _body(response) -> str:
    return html.unescape(response.content.decode())


def _upload(client, data: bytes, name: str = "package.zip"):
    be(RECEIVER, "示例乙县巡察办")
    return client.post(reverse("packages:import_new"), {"file": SimpleUploadedFile(name, data)})


def _local(source) -> CasePage:
    return CasePage.objects.get(pk=ImportedItem.objects.get(origin_key=f"case:{source.pk}").object_id)


def _change(page, *, publish: bool, **values) -> None:
    draft = page.get_latest_revision_as_object()
    for name, value in values.items():
        setattr(draft, name, value)
    revision = draft.save_revision()
    if publish:
        revision.publish()


def _tampered(data: bytes) -> bytes:
    """The same zip with one byte of an item's entry changed (its checksum in the manifest no longer fits)."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename.startswith("items/"):
                content = content.replace("第一版".encode(), "第二版".encode(), 1)
            target.writestr(info, content)
    return out.getvalue()


@pytest.mark.parametrize("role", [None, roles.TRAINEE, roles.AUDITOR, roles.SECURITY_ADMINISTRATOR])
def test_people_without_the_permission_cannot_import(role, offices, source):
    package = offices.export([("case", source.pk)])
    upload = offices.preview(package).upload
    client = client_for(UserFactory(role=role)) if role else Client()
    assert client.get(reverse("packages:import_new")).status_code in (302, 403)
    assert _upload(client, package).status_code in (302, 403)
    assert client.get(reverse("packages:import_detail", args=[upload.pk])).status_code in (302, 403)
    assert client.post(reverse("packages:import_confirm", args=[upload.pk])).status_code in (302, 403)
    assert PackageUpload.objects.count() == 1 and not ImportedItem.objects.exists()


def test_a_tampered_package_is_refused_and_nothing_is_kept(offices, source):
    package = offices.export([("case", source.pk)])

    response = _upload(client_for(offices.importer), _tampered(package))

    assert response.status_code == 422
    assert "与校验值不符：内容包在审核通过后被改动过" in _body(response)
    assert not PackageUpload.objects.exists()


def test_a_file_that_is_not_a_zip_is_refused(offices):
    response = _upload(client_for(offices.importer), b"not a package", name="题库.xlsx")
    assert response.status_code == 422
    assert ".zip" in _body(response)
    assert not PackageUpload.objects.exists()


def test_upload_preview_and_confirm(offices, source, django_assert_max_num_queries):
    package = offices.export([("case", source.pk)], title="示例案例包")
    client = client_for(offices.importer)

    response = _upload(client, package)
    upload = PackageUpload.objects.get()
    assert response.status_code == 302 and response.url == reverse("packages:import_detail", args=[upload.pk])

    counts = (Page.objects.count(), ImportedItem.objects.count(), PackageUpload.objects.count())
    with django_assert_max_num_queries(40):
        preview = client.get(reverse("packages:import_detail", args=[upload.pk]))
    assert (Page.objects.count(), ImportedItem.objects.count(), PackageUpload.objects.count()) == counts
    body = _body(preview)
    assert preview.status_code == 200
    assert "示例甲县巡察办" in body and "示例案例包" in body and "示例案例：公车私用" in body
    assert "新增：1" in body and "冲突：0" in body
    assert "须经本办自己审核后才对学员可见" in body

    confirmed = client.post(reverse("packages:import_confirm", args=[upload.pk]), follow=True)

    local = _local(source)
    assert not local.live
    upload.refresh_from_db()
    assert upload.imported_at is not None
    body = _body(confirmed)
    assert "内容包已导入" in body
    assert reverse("wagtailadmin_pages:edit", args=[local.pk]) in body
    assert 'name="choice-' not in body


def test_a_conflict_offers_both_texts_and_keeping_ours_changes_nothing(offices, source):
    offices.receive(offices.export([("case", source.pk)], key="k"))
    _change(_local(source), publish=False, summary="本办改写的概要")
    _change(source, publish=True, summary="第二版概要")
    package = offices.export([("case", source.pk)], key="k")
    client = client_for(offices.importer)
    _upload(client, package)
    upload = PackageUpload.objects.get(version=2)

    body = _body(client.get(reverse("packages:import_detail", args=[upload.pk])))
    assert "冲突：1" in body
    assert "本办改写的概要" in body and "第二版概要" in body
    assert 'name="choice-i1" value="keep" checked' in body

    client.post(reverse("packages:import_confirm", args=[upload.pk]), {"item": "i1", "choice-i1": "keep"})

    assert _local(source).get_latest_revision_as_object().summary == "本办改写的概要"
    upload.refresh_from_db()
    assert upload.result[0]["outcome"] == "kept"


def test_a_conflict_where_the_editor_takes_the_new_version(offices, source):
    offices.receive(offices.export([("case", source.pk)], key="k"))
    _change(_local(source), publish=False, summary="本办改写的概要")
    _change(source, publish=True, summary="第二版概要")
    client = client_for(offices.importer)
    _upload(client, offices.export([("case", source.pk)], key="k"))
    upload = PackageUpload.objects.get(version=2)

    client.post(reverse("packages:import_confirm", args=[upload.pk]), {"item": "i1", "choice-i1": "take"})

    local = _local(source)
    assert local.get_latest_revision_as_object().summary == "第二版概要"
    assert not local.live
    upload.refresh_from_db()
    assert upload.result[0]["outcome"] == "conflict"


def test_an_upload_cannot_be_imported_twice(offices, source):
    client = client_for(offices.importer)
    _upload(client, offices.export([("case", source.pk)]))
    upload = PackageUpload.objects.get()
    client.post(reverse("packages:import_confirm", args=[upload.pk]))

    again = client.post(reverse("packages:import_confirm", args=[upload.pk]), follow=True)

    assert "该内容包已经导入过" in _body(again)
    assert ImportedItem.objects.count() == 1 and CasePage.objects.count() == 2


def test_the_index_lists_exports_uploads_and_imported_items_with_their_source(
    offices, source, django_assert_max_num_queries
):
    offices.receive(offices.export([("case", source.pk)], title="示例案例包"))
    other = CasePageFactory(parent=source.get_parent())
    other.save_revision().publish()
    offices.receive(offices.export([("case", other.pk)], title="示例补充包"))
    client = client_for(offices.importer)

    with django_assert_max_num_queries(30):
        response = client.get(reverse("packages:index"))

    body = _body(response)
    assert response.status_code == 200
    assert "来源：示例甲县巡察办，示例案例包 第1版" in body
    assert "示例补充包" in body
    assert reverse("wagtailadmin_pages:edit", args=[_local(source).pk]) in body
    assert reverse("packages:export_new") in body and reverse("packages:import_new") in body


def test_only_an_administrator_names_the_office(offices, editor):
    from packages.models import OfficeIdentity

    admin = UserFactory(role=roles.ADMINISTRATOR)
    refused = client_for(editor).post(reverse("packages:office"), {"name": "示例丙县巡察办"})
    assert refused.status_code in (302, 403)
    assert not OfficeIdentity.objects.exists()
    assert "尚未设置本办名称" in _body(client_for(editor).get(reverse("packages:index")))

    client_for(admin).post(reverse("packages:office"), {"name": "示例丙县巡察办"})

    assert OfficeIdentity.objects.get().name == "示例丙县巡察办"
    assert 'name="name"' not in _body(client_for(editor).get(reverse("packages:index")))


@pytest.mark.parametrize("role", [None, roles.TRAINEE, roles.AUDITOR, roles.SYSTEM_ADMINISTRATOR])
def test_the_index_is_for_editors_and_reviewers(role):
    client = client_for(UserFactory(role=role)) if role else Client()
    assert client.get(reverse("packages:index")).status_code in (302, 403)
