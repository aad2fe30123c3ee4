"""Uploads are served to signed-in users only, and never outside MEDIA_ROOT."""

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def uploaded(settings, tmp_path) -> str:
    settings.MEDIA_ROOT = str(tmp_path)
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "chart.txt").write_text("内部资料", encoding="utf-8")
    (tmp_path.parent / "outside.txt").write_text("secret", encoding="utf-8")
    return "/media/images/chart.txt"


def test_anonymous_users_are_sent_to_login(client: Client, uploaded):
    response = client.get(uploaded)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_signed_in_users_get_the_file(trainee_client: Client, uploaded):
    response = trainee_client.get(uploaded)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).decode() == "内部资料"


def test_paths_outside_media_root_are_refused(trainee_client: Client, uploaded):
    assert trainee_client.get("/media/../outside.txt").status_code == 404
    assert trainee_client.get("/media/images/..%2F..%2Foutside.txt").status_code == 404


def test_behind_nginx_django_hands_the_file_over_with_x_accel_redirect(trainee_client: Client, uploaded):
    with override_settings(MEDIA_ACCEL_PREFIX="/protected-media/"):
        response = trainee_client.get(uploaded)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/protected-media/images/chart.txt"
    assert response.content == b""
