from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from regulations.models import RegulationArticle, RegulationIndexPage, RegulationPage
from regulations.numerals import article_label


@dataclass(frozen=True)
class ArticleDraft:
    number: int
    paragraphs: Sequence[str]
    chapter: str = ""
    section: str = ""


def create_regulation(
    *,
    library: RegulationIndexPage,
    title: str,
    slug: str,
    articles: Sequence[ArticleDraft],
    issuing_body: str = "",
    document_number: str = "",
    preamble: str = "",
    publish: bool = True,
) -> RegulationPage:
    """Create one regulation edition with its articles, all or nothing.

    The importer (regulations issue) parses a text into ArticleDrafts and calls this.
    """
    numbers = [a.number for a in articles]
    if len(set(numbers)) != len(numbers):
        raise ValueError("条文序号重复")
    with transaction.atomic():
        regulation = RegulationPage(
            title=title,
            slug=slug,
            issuing_body=issuing_body,
            document_number=document_number,
            preamble=preamble,
        )
        library.add_child(instance=regulation)
        RegulationArticle.objects.bulk_create(
            RegulationArticle(
                regulation=regulation,
                ordinal=position,
                number=draft.number,
                label=article_label(draft.number),
                chapter=draft.chapter,
                section=draft.section,
                text="\n\n".join(p.strip() for p in draft.paragraphs),
            )
            for position, draft in enumerate(articles, start=1)
        )
        revision = regulation.save_revision()
        if publish:
            revision.publish()
    return regulation
