"""The intranet promise: nothing on the front end without a login, and trainees never in the admin."""

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import Page

from tests.factories import (
    CaseIndexPageFactory,
    CasePageFactory,
    GuideIndexPageFactory,
    InterviewGuidePageFactory,
    InterviewQuestionFactory,
    RegulationArticleFactory,
    RegulationIndexPageFactory,
    RegulationPageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_tree():
    case_index = CaseIndexPageFactory()
    CasePageFactory(parent=case_index)
    guide_index = GuideIndexPageFactory()
    guide = InterviewGuidePageFactory(parent=guide_index)
    InterviewQuestionFactory(guide=guide)
    regulation = RegulationPageFactory(parent=RegulationIndexPageFactory())
    RegulationArticleFactory(regulation=regulation)
    return guide


def front_end_urls(guide) -> list[str]:
    page_urls = [page.url for page in Page.objects.live().filter(depth__gt=1).specific()]
    return [
        *page_urls,
        guide.url + "interview-record/",
        reverse("search") + "?q=谈话",
        "/no-such-page/",
    ]


def test_every_front_end_url_sends_anonymous_users_to_login(client: Client, site_tree):
    urls = front_end_urls(site_tree)
    assert len(urls) >= 9
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login") + "?next="), url


def test_text_size_preference_needs_login(client: Client):
    response = client.post(reverse("text_size"), {"large": "1"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_and_health_check_are_open(client: Client):
    assert client.get(reverse("login")).status_code == 200
    assert client.get(reverse("healthz")).content == b"ok"


def test_trainee_reaches_every_front_end_url(trainee_client: Client, site_tree):
    for url in front_end_urls(site_tree)[:-1]:
        assert trainee_client.get(url).status_code == 200, url


def test_trainee_is_refused_the_admin_with_a_chinese_explanation(trainee_client: Client):
    for url in [reverse("wagtailadmin_home"), reverse("wagtailadmin_explore_root"), "/admin/pages/1/edit/"]:
        response = trainee_client.get(url)
        assert response.status_code == 403, url
        assert "无权进入管理后台" in response.content.decode()


def test_anonymous_admin_visit_goes_to_the_admin_login(client: Client):
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    assert client.get(reverse("wagtailadmin_login")).status_code == 200


def test_editor_reaches_the_admin_in_chinese(editor):
    client = Client()
    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="zh-hans"' in html
    assert "<title>控制面板" in html


def test_trainee_sees_no_admin_link_but_editor_does(trainee_client: Client, editor, site_tree):
    assert reverse("wagtailadmin_home") not in trainee_client.get("/").content.decode()
    client = Client()
    client.force_login(editor)
    assert reverse("wagtailadmin_home") in client.get("/").content.decode()
