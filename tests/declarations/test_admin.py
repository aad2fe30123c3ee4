"""The texts in the Wagtail admin: staff add versions; a version somebody signed is not edited in place."""

import pytest
from django.test import Client
from django.urls import reverse

from declarations import selectors, services
from declarations.models import AcknowledgementKind, AcknowledgementText

pytestmark = pytest.mark.django_db

LIST = "wagtailsnippets_declarations_acknowledgementtext:list"
ADD = "wagtailsnippets_declarations_acknowledgementtext:add"
EDIT = "wagtailsnippets_declarations_acknowledgementtext:edit"


@pytest.fixture
def editor_client(editor) -> Client:
    client = Client()
    client.force_login(editor)
    return client


def text_data(text: AcknowledgementText, **changes) -> dict:
    return {"kind": text.kind, "version": text.version, "title": text.title, "body": text.body, **changes}


def test_editors_list_and_add_a_new_version(editor_client):
    listing = editor_client.get(reverse(LIST))
    assert listing.status_code == 200 and "保密承诺（示例）" in listing.content.decode()
    data = {"kind": "confidentiality", "version": 2, "title": "保密承诺（第二版）", "body": "新的承诺内容。"}
    response = editor_client.post(reverse(ADD), data)
    assert response.status_code == 302
    assert selectors.current_text(AcknowledgementKind.CONFIDENTIALITY).title == "保密承诺（第二版）"


def test_a_duplicate_version_is_refused(editor_client):
    data = {"kind": "recusal", "version": 1, "title": "重复", "body": "重复"}
    assert editor_client.post(reverse(ADD), data).status_code == 200
    assert AcknowledgementText.objects.filter(kind="recusal").count() == 1


def test_an_unsigned_text_can_be_corrected_but_a_signed_one_cannot(editor_client, trainee):
    text = selectors.current_text(AcknowledgementKind.CONFIDENTIALITY)
    response = editor_client.post(reverse(EDIT, args=[text.pk]), text_data(text, body="修改后的正文。"))
    assert response.status_code == 302
    services.agree(user=trainee, kind=AcknowledgementKind.CONFIDENTIALITY)
    response = editor_client.post(reverse(EDIT, args=[text.pk]), text_data(text, body="再次修改。"))
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    text.refresh_from_db()
    assert text.body == "修改后的正文。"


def test_trainees_cannot_open_the_texts_admin(trainee_client):
    assert trainee_client.get(reverse(LIST)).status_code == 403
