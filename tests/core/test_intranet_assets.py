"""Nothing is loaded from outside the site: every src/href on rendered pages is local."""

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.test import Client

from fixtures.loader import load_demo_content

pytestmark = pytest.mark.django_db


class _AssetCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in {"src", "href", "action", "srcset", "poster", "data"} and value:
                self.urls.append(value)


def _external(urls: list[str]) -> list[str]:
    return [u for u in urls if urlparse(u).netloc not in {"", "testserver"} or u.startswith("//")]


def test_rendered_pages_reference_only_local_urls(trainee_client: Client):
    load_demo_content()
    paths = ["/", "/cases/", "/guides/", "/regulations/", "/search/?q=谈话"]
    case_url = trainee_client.get("/cases/").context["cases"][0].url
    paths.append(case_url)
    collected = []
    for path in paths:
        parser = _AssetCollector()
        parser.feed(trainee_client.get(path).content.decode())
        assert parser.urls, path
        collected += parser.urls
    assert _external(collected) == []


def test_site_stylesheets_and_scripts_load_nothing_remote():
    static_root = Path(settings.BASE_DIR) / "site" / "static"
    files = list(static_root.rglob("*.css")) + list(static_root.rglob("*.js"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert "http://" not in text and "https://" not in text and "@import" not in text, path
