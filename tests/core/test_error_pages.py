"""The site's own error pages: Chinese, with a way back, with DEBUG off and in the demo settings alike."""

import importlib

import pytest
from django.template import loader
from django.test import Client, override_settings
from django.urls import reverse

from core import roles
from studysessions.models import Audience
from tests.factories import UserFactory, client_for
from tests.rounds.factories import TeamMemberFactory
from tests.studysessions.factories_room import room_evening

pytestmark = pytest.mark.django_db


def _present_url(session) -> str:
    key = f"{session.series_id}-{int(session.slot_start.timestamp())}"
    return reverse("studysessions:present", kwargs={"key": key})


def test_a_trainee_opening_the_hosts_projector_gets_a_chinese_403_with_a_way_back():
    member = TeamMemberFactory()
    session, *_ = room_evening(host=UserFactory(role=roles.TRAINEE), audience=Audience.TEAM, team=member.team)
    came_from = "http://testserver" + reverse("studysessions:list")

    response = client_for(member.user).get(_present_url(session), headers={"referer": came_from})

    assert response.status_code == 403
    text = response.content.decode()
    assert "没有权限打开这个页面" in text and "Forbidden" not in text
    assert f'href="{came_from}"' in text and "返回上一页" in text
    assert 'data-testid="error-home"' in text


def test_a_link_from_another_site_is_not_offered_as_the_way_back(trainee_client):
    response = trainee_client.get("/no-such-page/", headers={"referer": "http://elsewhere.example/x"})
    text = response.content.decode()
    assert response.status_code == 404
    assert "elsewhere.example" not in text and "返回上一页" not in text
    assert 'data-testid="error-home"' in text


@override_settings(DEBUG=False)
def test_an_unknown_address_gives_the_chinese_404(trainee_client):
    response = trainee_client.get("/no-such-page/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "页面不存在" in text and "返回首页" in text
    assert "Page not found" not in text and "Using the URLconf" not in text


def test_the_demo_settings_show_the_chinese_404_and_still_serve_static_files(trainee_client):
    """`bash scripts/run.sh` runs config.settings.demo: DEBUG off (no English technical page), WhiteNoise serving
    static files from the finders as runserver would with DEBUG on."""
    demo = importlib.import_module("config.settings.demo")
    assert demo.DEBUG is False
    with override_settings(
        DEBUG=demo.DEBUG,
        WHITENOISE_USE_FINDERS=demo.WHITENOISE_USE_FINDERS,
        WHITENOISE_AUTOREFRESH=demo.WHITENOISE_AUTOREFRESH,
        STORAGES=demo.STORAGES,
    ):
        response = trainee_client.get("/no-such-page/")
        assert response.status_code == 404 and "页面不存在" in response.content.decode()
        # A fresh client loads the middleware (WhiteNoise reads its settings then).
        css = Client().get("/static/css/site.css")
        assert css.status_code == 200 and b".wechat-notice" in b"".join(css.streaming_content)


def test_the_500_page_renders_without_a_request_context():
    html = loader.get_template("500.html").render()
    assert "系统暂时出错" in html and 'href="/"' in html and "回到首页" in html


def test_a_form_with_a_stale_security_token_says_in_chinese_that_it_was_not_saved(trainee):
    client = Client(enforce_csrf_checks=True)
    client.force_login(trainee)
    response = client.post(reverse("text_size"), {"large": "1"})
    assert response.status_code == 403
    text = response.content.decode()
    assert "你刚才提交的内容没有保存" in text and "CSRF" not in text
