import pytest
from django.test import Client
from django.urls import reverse

from core.models import ReadingPreference

pytestmark = pytest.mark.django_db


def test_larger_text_persists_for_the_user_across_sessions(trainee):
    first = Client()
    first.force_login(trainee)
    response = first.post(reverse("text_size"), {"large": "1", "next": "/cases/?unit_type=village"})
    assert response.status_code == 302
    assert response["Location"] == "/cases/?unit_type=village"
    assert ReadingPreference.objects.get(user=trainee).large_text

    # Another device: a new session still gets the larger text.
    second = Client()
    second.force_login(trainee)
    assert '<html lang="zh-Hans" class="text-large">' in second.get("/").content.decode()

    second.post(reverse("text_size"), {"large": "0"})
    assert 'class="text-large"' not in second.get("/").content.decode()
    assert ReadingPreference.objects.filter(user=trainee).count() == 1


def test_text_size_does_not_redirect_off_site(trainee_client: Client):
    response = trainee_client.post(reverse("text_size"), {"large": "1", "next": "https://example.com/"})
    assert response["Location"] == "/"


def test_text_size_only_accepts_post(trainee_client: Client):
    assert trainee_client.get(reverse("text_size")).status_code == 405
