"""WeChat's in-app browser cannot download or print: pages that offer either say how to open them elsewhere."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from core.client import Platform, wechat_browser
from tests.factories import CaseIndexPageFactory, CasePageFactory

pytestmark = pytest.mark.django_db

WECHAT_ANDROID = (
    "Mozilla/5.0 (Linux; Android 13; V2227A Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MicroMessenger/8.0.47.2560"
)
WECHAT_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN"
)
SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.2 Mobile/15E148 Safari/604.1"
)


@pytest.mark.parametrize(
    ("agent", "platform"),
    [(WECHAT_ANDROID, Platform.ANDROID), (WECHAT_IPHONE, Platform.IPHONE), (SAFARI, None), ("", None)],
)
def test_wechat_is_told_from_its_user_agent(agent, platform):
    browser = wechat_browser(RequestFactory().get("/", headers={"user-agent": agent}))
    assert (browser.platform if browser else None) == platform


@pytest.fixture
def case_page():
    return CasePageFactory(parent=CaseIndexPageFactory())


def test_a_print_button_in_wechat_on_android_comes_with_the_android_steps(trainee_client, case_page):
    text = trainee_client.get(case_page.url, headers={"user-agent": WECHAT_ANDROID}).content.decode()
    assert 'data-testid="wechat-notice"' in text and "微信内置浏览器无法下载/打印文件" in text
    assert "在浏览器打开" in text and "Safari" not in text
    assert "data-print" in text  # the button stays


def test_a_print_button_in_wechat_on_an_iphone_comes_with_the_iphone_steps(trainee_client, case_page):
    text = trainee_client.get(case_page.url, headers={"user-agent": WECHAT_IPHONE}).content.decode()
    assert 'data-testid="wechat-notice"' in text and "在 Safari 中打开" in text and "安卓" not in text


def test_a_normal_browser_gets_the_button_without_a_notice(trainee_client, case_page):
    text = trainee_client.get(case_page.url, headers={"user-agent": SAFARI}).content.decode()
    assert "data-print" in text and 'data-testid="wechat-notice"' not in text


def test_the_personal_data_download_in_wechat_says_how_to_open_a_browser(trainee_client):
    url = reverse("privacy:my_data")
    in_wechat = trainee_client.get(url, headers={"user-agent": WECHAT_IPHONE}).content.decode()
    normal = trainee_client.get(url, headers={"user-agent": SAFARI}).content.decode()
    assert 'data-testid="wechat-notice"' in in_wechat and 'data-testid="wechat-notice"' not in normal


def test_the_calendar_page_gives_the_android_and_iphone_steps_and_the_wechat_notice(trainee_client):
    url = reverse("studysessions:calendar")
    trainee_client.post(url, {"action": "create"})
    normal = trainee_client.get(url, headers={"user-agent": SAFARI}).content.decode()
    assert 'data-testid="calendar-help"' in normal
    assert "在苹果手机上添加" in normal and "在安卓手机上添加" in normal and "添加已订阅的日历" in normal
    assert 'data-testid="wechat-notice"' not in normal
    in_wechat = trainee_client.get(url, headers={"user-agent": WECHAT_ANDROID}).content.decode()
    assert 'data-testid="wechat-notice"' in in_wechat
