"""The header's section links, kept in the cache: every page a trainee opens renders them.

Without the cache the header costs three queries per request (the site for the host, its root page,
the root's children). Any page or site change in this process drops the cached links at once; other
worker processes, which hold their own local-memory cache, follow within ``MENU_SECONDS``.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

MENU_KEY = "core:main-menu"
MENU_SECONDS = 60


@dataclass(frozen=True)
class MenuLink:
    title: str
    url: str


def main_menu_links(*, request) -> list[MenuLink]:
    """Live children of the request's site root marked "show in menus", in tree order."""
    host = request.get_host()
    menus: dict[str, list[MenuLink]] = cache.get(MENU_KEY) or {}
    if host not in menus:
        site = Site.find_for_request(request)
        pages = site.root_page.get_children().live().in_menu() if site else []
        menus = {**menus, host: [MenuLink(title=page.title, url=page.get_url(request)) for page in pages]}
        cache.set(MENU_KEY, menus, MENU_SECONDS)
    return menus[host]


def forget_main_menu(**kwargs) -> None:
    cache.delete(MENU_KEY)


def _on_model_change(sender, instance=None, **kwargs) -> None:
    if isinstance(instance, (Page, Site)):
        forget_main_menu()


def connect() -> None:
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(forget_main_menu, dispatch_uid=f"core.forget_main_menu.{id(signal)}")
    # Any page saved or deleted (a new section, a renamed one) and any site change.
    post_save.connect(_on_model_change, dispatch_uid="core.forget_main_menu.save")
    post_delete.connect(_on_model_change, dispatch_uid="core.forget_main_menu.delete")
