"""``{% regulation_outline articles as outline %}``: an edition's table of contents (parts, chapters and
sections with the range of articles each holds, and the articles under each), from the article views the page
already has: no query.

The headings open where the page's text opens them (a change of part, of chapter, of chapter and section), and
each heading's anchor is ``<level>-<anchor of its first article>``, as the page's headings are rendered.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import template

register = template.Library()

_UNSET = object()


@dataclass
class OutlineEntry:
    #: "part", "chapter" or "section"; "" for the articles before the first heading.
    level: str
    title: str
    anchor: str = ""
    first: object = None
    last: object = None
    #: The article views directly under this heading (before the next heading of any level).
    articles: list = field(default_factory=list)

    @property
    def single(self) -> bool:
        return self.first is self.last


@register.simple_tag
def regulation_outline(views) -> list[OutlineEntry]:
    outline: list[OutlineEntry] = []
    open_headings: dict[str, OutlineEntry] = {}
    part = chapter = chapter_section = _UNSET
    for view in views:
        article = view.article
        opened = []
        if article.part != part:
            part = article.part
            open_headings.clear()
            if part:
                opened.append(("part", part))
        if article.chapter != chapter:
            chapter = article.chapter
            open_headings.pop("chapter", None)
            open_headings.pop("section", None)
            if chapter:
                opened.append(("chapter", chapter))
        if (article.chapter, article.section) != chapter_section:
            chapter_section = (article.chapter, article.section)
            open_headings.pop("section", None)
            if article.section:
                opened.append(("section", article.section))
        for level, title in opened:
            entry = OutlineEntry(level, title, anchor=f"{level}-{article.anchor}", first=article)
            open_headings[level] = entry
            outline.append(entry)
        if not outline:
            outline.append(OutlineEntry("", ""))
        for entry in open_headings.values():
            entry.last = article
        outline[-1].articles.append(view)
    return outline
