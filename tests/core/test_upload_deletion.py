"""Documents and images are deleted by 审核 and 管理员 only (core.staff.install_upload_delete_rule): 编辑 upload
and edit their own but delete none, neither one by one nor in bulk."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.documents.permissions import permission_policy as document_policy
from wagtail.images import get_image_model
from wagtail.images.permissions import permission_policy as image_policy

from core import roles
from tests.factories import UserFactory, client_for

pytestmark = pytest.mark.django_db
Document = get_document_model()
Image = get_image_model()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def _png(name="chart.png") -> ImageFile:
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), "red").save(buffer, "PNG")
    return ImageFile(io.BytesIO(buffer.getvalue()), name=name)


def _document(owner, title="会议纪要"):
    return Document.objects.create(
        title=title, file=ContentFile("内容".encode(), name="notes.txt"), uploaded_by_user=owner
    )


def _image(owner, title="图表"):
    return Image.objects.create(title=title, file=_png(), uploaded_by_user=owner)


KINDS = {
    "document": (_document, Document, "wagtaildocs:delete", "wagtaildocs:edit", ("wagtaildocs", "document")),
    "image": (_image, Image, "wagtailimages:delete", "wagtailimages:edit", ("wagtailimages", "image")),
}


def _bulk_delete_url(kind, *objects) -> str:
    app_label, model_name = KINDS[kind][4]
    ids = "&".join(f"id={obj.pk}" for obj in objects)
    return reverse("wagtail_bulk_action", args=[app_label, model_name, "delete"]) + "?" + ids


@pytest.mark.parametrize("kind", KINDS)
def test_an_editor_edits_their_own_upload_but_cannot_delete_it(kind):
    make, model, delete_name, edit_name, _ = KINDS[kind]
    editor = UserFactory(role=roles.EDITOR)
    mine = make(editor)
    file_name = mine.file.name
    client = client_for(editor)

    edit_page = client.get(reverse(edit_name, args=[mine.pk]))
    assert edit_page.status_code == 200
    assert reverse(delete_name, args=[mine.pk]) not in edit_page.content.decode()
    assert client.get(reverse(delete_name, args=[mine.pk])).status_code in (302, 403)
    client.post(reverse(delete_name, args=[mine.pk]))
    assert model.objects.filter(pk=mine.pk).exists()
    assert mine.file.storage.exists(file_name)


@pytest.mark.parametrize("kind", KINDS)
def test_an_editor_cannot_bulk_delete_their_own_uploads(kind):
    make, model, *_ = KINDS[kind]
    editor = UserFactory(role=roles.EDITOR)
    first, second = make(editor, title="一"), make(editor, title="二")
    url = _bulk_delete_url(kind, first, second)
    client = client_for(editor)
    client.post(url)
    assert model.objects.filter(pk__in=[first.pk, second.pk]).count() == 2
    assert first.file.storage.exists(first.file.name)


@pytest.mark.parametrize("kind", KINDS)
def test_a_reviewer_deletes_one_and_in_bulk(kind):
    make, model, delete_name, *_ = KINDS[kind]
    editor, reviewer = UserFactory(role=roles.EDITOR), UserFactory(role=roles.REVIEWER)
    one, two, three = make(editor, title="一"), make(editor, title="二"), make(reviewer, title="三")
    client = client_for(reviewer)
    assert client.get(reverse(delete_name, args=[one.pk])).status_code == 200
    assert client.post(reverse(delete_name, args=[one.pk])).status_code == 302
    assert not model.objects.filter(pk=one.pk).exists()
    assert client.post(_bulk_delete_url(kind, two, three)).status_code == 302
    assert not model.objects.filter(pk__in=[two.pk, three.pk]).exists()


@pytest.mark.parametrize("policy", [document_policy, image_policy], ids=["document", "image"])
def test_the_policy_lists_and_names_deleters_by_the_same_rule(policy):
    editor, reviewer = UserFactory(role=roles.EDITOR), UserFactory(role=roles.ADMINISTRATOR)
    mine = (_document if policy is document_policy else _image)(editor)
    assert policy.user_has_permission_for_instance(editor, "change", mine)
    assert not policy.user_has_permission_for_instance(editor, "delete", mine)
    assert policy.user_has_any_permission_for_instance(editor, ["change", "delete"], mine)
    assert not policy.user_has_permission(editor, "delete") and policy.user_has_permission(reviewer, "delete")
    assert not policy.instances_user_has_permission_for(editor, "delete").exists()
    assert list(policy.instances_user_has_permission_for(editor, "change")) == [mine]
    assert list(policy.instances_user_has_permission_for(reviewer, "delete")) == [mine]
    deleters = set(policy.users_with_permission_for_instance("delete", mine))
    assert reviewer in deleters and editor not in deleters
