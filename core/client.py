"""What the person's browser can do, read from its user agent (server-side, no JavaScript needed).

WeChat's in-app browser (user agent with "MicroMessenger") opens links people share in chats, but it cannot
reliably download files (.docx, .xlsx, .ics) or print: pages that offer either show how to open the page
in the phone's own browser instead (``includes/wechat_notice.html``).
"""

from dataclasses import dataclass
from enum import StrEnum


class Platform(StrEnum):
    ANDROID = "android"
    IPHONE = "iphone"
    OTHER = "other"


@dataclass(frozen=True)
class InAppBrowser:
    platform: Platform

    @property
    def on_android(self) -> bool:
        return self.platform is Platform.ANDROID

    @property
    def on_iphone(self) -> bool:
        return self.platform is Platform.IPHONE


def _user_agent(request) -> str:
    return request.META.get("HTTP_USER_AGENT", "") if request is not None else ""


def wechat_browser(request) -> InAppBrowser | None:
    """WeChat's in-app browser and the phone it runs on, or None for any other browser."""
    agent = _user_agent(request)
    if "MicroMessenger" not in agent:
        return None
    if "Android" in agent:
        return InAppBrowser(platform=Platform.ANDROID)
    if "iPhone" in agent or "iPad" in agent or "iPod" in agent:
        return InAppBrowser(platform=Platform.IPHONE)
    return InAppBrowser(platform=Platform.OTHER)
