"""The editors' manual (docs/editor-guide.zh.md) as HTML for the admin's help menu (issue 15, point 9).

Rendered with markdown-it-py with raw HTML off, so the Markdown is escaped; headings get ids for the
table of contents. Re-rendered when the file changes (keyed by its modification time).
"""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from markdown_it import MarkdownIt

GUIDE_PATH = Path(settings.BASE_DIR) / "docs" / "editor-guide.zh.md"


@dataclass(frozen=True)
class Guide:
    title: str
    sections: list[tuple[str, str]]  # (anchor, heading) of each second-level heading
    html: str


def editor_guide() -> Guide:
    return _render(GUIDE_PATH.stat().st_mtime_ns)


@lru_cache(maxsize=2)
def _render(_mtime: int) -> Guide:
    parser = MarkdownIt("commonmark", {"html": False}).enable("table")
    tokens = parser.parse(GUIDE_PATH.read_text(encoding="utf-8"))
    title, sections = "", []
    if len(tokens) > 2 and tokens[0].tag == "h1":
        title, tokens = tokens[1].content, tokens[3:]  # the page header shows the title
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            anchor = f"section-{index}"
            token.attrSet("id", anchor)
            if token.tag == "h2":
                sections.append((anchor, tokens[index + 1].content))
    return Guide(title=title, sections=sections, html=parser.renderer.render(tokens, parser.options, {}))
