"""Uploads stay private: no file is reachable by its path, only through views that apply collection privacy.

Documents: only Wagtail's /documents/<id>/<name> view (which checks CollectionViewRestriction).
Images and renditions: /media/original_images/… and /media/images/… check the image's collection.
Everything else under /media/ is a 404, and behind nginx the file goes out by X-Accel-Redirect only
after the check.
"""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.test import Client, override_settings
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

from core import roles
from tests.factories import UserFactory, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    (tmp_path.parent / "outside.txt").write_text("secret", encoding="utf-8")


def _png() -> ImageFile:
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), "red").save(buffer, "PNG")
    return ImageFile(io.BytesIO(buffer.getvalue()), name="chart.png")


@pytest.fixture
def reviewers_only() -> Collection:
    collection = Collection.get_first_root_node().add_child(name="审核内部")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(name=roles.REVIEWER))
    return collection


@pytest.fixture
def public_image():
    return get_image_model().objects.create(title="图表", file=_png())


@pytest.fixture
def private_image(reviewers_only):
    return get_image_model().objects.create(title="内部图表", file=_png(), collection=reviewers_only)


@pytest.fixture
def private_document(reviewers_only):
    return get_document_model().objects.create(
        title="内部材料", file=ContentFile("内部资料".encode(), name="notes.txt"), collection=reviewers_only
    )


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_anonymous_users_are_sent_to_login(client: Client, public_image):
    response = client.get(public_image.file.url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_signed_in_users_get_an_image_in_an_open_collection(trainee_client: Client, public_image):
    response = trainee_client.get(public_image.file.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert _body(response) == public_image.file.open("rb").read()


def test_renditions_are_served_to_signed_in_users(trainee_client: Client, public_image):
    rendition = public_image.get_rendition("max-20x20")
    assert rendition.url.startswith("/media/images/")
    assert trainee_client.get(rendition.url).status_code == 200


def test_a_private_image_and_its_renditions_are_refused_outside_the_group(trainee_client, private_image):
    rendition = private_image.get_rendition("max-20x20")
    assert trainee_client.get(private_image.file.url).status_code == 404
    assert trainee_client.get(rendition.url).status_code == 404


def test_a_private_image_is_served_to_the_group(private_image):
    reviewer = client_for(UserFactory(role=roles.REVIEWER))
    assert reviewer.get(private_image.file.url).status_code == 200
    assert reviewer.get(private_image.get_rendition("max-20x20").url).status_code == 200


def test_a_private_document_is_refused_at_every_path(private_document):
    editor = client_for(UserFactory(role=roles.EDITOR))
    assert editor.get(private_document.url).status_code in (302, 403)
    assert editor.get("/media/" + private_document.file.name).status_code == 404


def test_documents_are_served_only_by_wagtails_view(private_document):
    reviewer = client_for(UserFactory(role=roles.REVIEWER))
    assert reviewer.get("/media/" + private_document.file.name).status_code == 404
    response = reviewer.get(private_document.url)
    assert response.status_code == 200
    assert _body(response).decode() == "内部资料"


def test_files_that_belong_to_no_image_are_refused(trainee_client, tmp_path):
    (tmp_path / "images").mkdir(exist_ok=True)
    (tmp_path / "images" / "stray.txt").write_text("x", encoding="utf-8")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "file.txt").write_text("x", encoding="utf-8")
    assert trainee_client.get("/media/images/stray.txt").status_code == 404
    assert trainee_client.get("/media/other/file.txt").status_code == 404


def test_paths_outside_media_root_are_refused(trainee_client: Client):
    assert trainee_client.get("/media/../outside.txt").status_code == 404
    assert trainee_client.get("/media/images/..%2F..%2Foutside.txt").status_code == 404


def test_behind_nginx_images_go_out_by_x_accel_redirect_after_the_check(trainee_client, public_image, private_image):
    with override_settings(MEDIA_ACCEL_PREFIX="/protected-media/"):
        response = trainee_client.get(public_image.file.url)
        refused = trainee_client.get(private_image.file.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/protected-media/" + public_image.file.name
    assert response.content == b""
    assert refused.status_code == 404
    assert "X-Accel-Redirect" not in refused


def test_behind_nginx_documents_go_out_by_x_accel_redirect_after_wagtails_check(private_document):
    reviewer = client_for(UserFactory(role=roles.REVIEWER))
    editor = client_for(UserFactory(role=roles.EDITOR))
    with override_settings(MEDIA_ACCEL_PREFIX="/protected-media/"):
        response = reviewer.get(private_document.url)
        refused = editor.get(private_document.url)
    assert response["X-Accel-Redirect"] == "/protected-media/" + private_document.file.name
    assert "X-Accel-Redirect" not in refused
