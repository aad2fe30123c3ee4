"""Writes for the regulation library: importing an edition (all or nothing) and superseding the old one."""

import contextlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from wagtail.models import Page, Site
from wagtail.search.backends import get_search_backends

from regulations import events
from regulations.models import (
    ImportStatus,
    RegulationArticle,
    RegulationImport,
    RegulationIndexPage,
    RegulationPage,
    RegulationStatus,
)
from regulations.numerals import article_label
from regulations.parsing import ParsedRegulation, RegulationParseError, parse_source
from regulations.succession import record_succession

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ArticleDraft:
    number: int
    paragraphs: Sequence[str]
    part: str = ""
    chapter: str = ""
    section: str = ""


def ensure_library() -> RegulationIndexPage:
    """The regulation library page, created under the site's home page on a fresh database."""
    library = RegulationIndexPage.objects.first()
    if library:
        return library
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    home = site.root_page if site else Page.get_first_root_node()
    library = RegulationIndexPage(title="法规制度", slug="regulations", show_in_menus=True)
    home.add_child(instance=library)
    library.save_revision().publish()
    return library


def _unique_slug(library: RegulationIndexPage, base: str) -> str:
    taken = set(library.get_children().values_list("slug", flat=True))
    slug, counter = base, 1
    while slug in taken:
        counter += 1
        slug = f"{base}-{counter}"
    return slug


def _headings(parsed: ParsedRegulation) -> dict[str, str]:
    """Heading number -> display heading ("第一章" -> "第一章　总则"), for parts, chapters and sections."""
    display = {}
    for part in parsed.parts:
        display[("part", part.number)] = f"{part.number}　{part.title}".strip()
    for chapter in parsed.chapters:
        display[("chapter", chapter.part, chapter.number)] = f"{chapter.number}　{chapter.title}".strip()
        for section in chapter.sections:
            display[("section", chapter.part, chapter.number, section.number)] = (
                f"{section.number}　{section.title}".strip()
            )
    return display


def drafts_from_parse(parsed: ParsedRegulation) -> list[ArticleDraft]:
    display = _headings(parsed)
    return [
        ArticleDraft(
            number=article.number,
            paragraphs=article.paragraphs,
            part=display.get(("part", article.part), "") if article.part else "",
            chapter=display.get(("chapter", article.part, article.chapter), "") if article.chapter else "",
            section=display.get(("section", article.part, article.chapter, article.section), "")
            if article.section
            else "",
        )
        for article in parsed.articles
    ]


def new_edition(
    *,
    library: RegulationIndexPage,
    title: str,
    slug: str,
    revises: RegulationPage | None,
    issuing_body: str = "",
    document_number: str = "",
    preamble: str = "",
    preface: str = "",
    user: AbstractBaseUser | None = None,
) -> RegulationPage:
    """An edition's page, not yet saved: the caller adds it under the library (``library.add_child``)."""
    return RegulationPage(
        title=title,
        slug=_unique_slug(library, slug),
        issuing_body=issuing_body or (revises.issuing_body if revises else ""),
        document_number=document_number,
        category=revises.category if revises else None,
        preamble=preamble,
        preface=preface,
        revises=revises,
        live=False,
        owner=user,
    )


def article_rows(
    *, regulation: RegulationPage, drafts: Sequence[ArticleDraft], first_ordinal: int = 1
) -> list[RegulationArticle]:
    """Unsaved article rows for ``bulk_create``, numbered in order from ``first_ordinal``."""
    return [
        RegulationArticle(
            regulation=regulation,
            ordinal=position,
            number=draft.number,
            label=article_label(draft.number),
            part=draft.part,
            chapter=draft.chapter,
            section=draft.section,
            text="\n".join(p.strip() for p in draft.paragraphs if p.strip()),
        )
        for position, draft in enumerate(drafts, start=first_ordinal)
    ]


def edition_slug(*, revises: RegulationPage | None) -> str:
    """The slug a new edition starts from (made unique under the library by new_edition)."""
    return f"{revises.slug}-rev" if revises else f"regulation-{RegulationPage.objects.count() + 1}"


def create_regulation(
    *,
    library: RegulationIndexPage,
    title: str,
    slug: str,
    drafts: Sequence[ArticleDraft],
    revises: RegulationPage | None = None,
    issuing_body: str = "",
    document_number: str = "",
    preamble: str = "",
    preface: str = "",
    user: AbstractBaseUser | None = None,
    publish: bool = True,
) -> RegulationPage:
    """Create one regulation edition with its articles, all or nothing."""
    numbers = [d.number for d in drafts]
    if len(set(numbers)) != len(numbers):
        raise ValueError("条文序号重复")
    with transaction.atomic():
        regulation = new_edition(
            library=library,
            title=title,
            slug=slug,
            revises=revises,
            issuing_body=issuing_body,
            document_number=document_number,
            preamble=preamble,
            preface=preface,
            user=user,
        )
        library.add_child(instance=regulation)
        articles = RegulationArticle.objects.bulk_create(article_rows(regulation=regulation, drafts=drafts))
        # bulk_create sends no save signals, so the search index is told directly.
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(RegulationArticle, articles)
        revision = regulation.save_revision(user=user, log_action=True)
        if publish:
            revision.publish(user=user)
    return regulation


def import_regulation(
    *,
    source: bytes,
    filename: str,
    title: str,
    revises: RegulationPage | None = None,
    user: AbstractBaseUser | None = None,
    allow_numbering_gaps: bool = False,
    publish: bool = False,
    issuing_body: str = "",
    document_number: str = "",
) -> RegulationPage:
    """Parse a .txt/.docx regulation and write it as a new edition; raises RegulationParseError on bad input.

    Nothing of the regulation is written unless the whole text parses and saves. The new edition is a
    draft unless publish is set, so an editor can review it and send it through the workflow.

    One transaction, for the demo content and tests: files from editors and operators go through the
    background job instead (regulations.import_jobs), which writes in short transactions.
    """
    parsed = parse_source(source, filename=filename, title=title, allow_numbering_gaps=allow_numbering_gaps)
    with transaction.atomic():
        library = ensure_library()
        return create_regulation(
            library=library,
            title=title,
            slug=edition_slug(revises=revises),
            drafts=drafts_from_parse(parsed),
            revises=revises,
            preamble="\n".join(parsed.preamble),
            preface="\n".join(parsed.preface),
            issuing_body=issuing_body,
            document_number=document_number,
            user=user,
            publish=publish,
        )


def record_import_attempt(
    *,
    source: bytes,
    filename: str,
    title: str,
    revises: RegulationPage | None,
    user: AbstractBaseUser | None,
    error: str = "",
    status: str | None = None,
    **options,
) -> RegulationImport:
    """Keep the uploaded file and its outcome: a preview waiting for confirmation, or a failure.

    ``status`` and ``options`` (further fields) are for the command, which queues its file at once.
    """
    return RegulationImport.objects.create(
        source=source,
        filename=filename,
        title=title,
        revises=revises,
        created_by=user,
        status=status or (ImportStatus.FAILED if error else ImportStatus.PREVIEWED),
        error=error,
        **options,
    )


@contextlib.contextmanager
def recorded_on_failure(*, source: bytes, filename: str, title: str, revises, user):
    """A parse failure is kept as a failed RegulationImport (for the office to see) and re-raised."""
    try:
        yield
    except RegulationParseError as error:
        record_import_attempt(
            source=source, filename=filename, title=title, revises=revises, user=user, error=error.message
        )
        raise


def stage_import(
    *, source: bytes, filename: str, title: str, revises: RegulationPage | None, user: AbstractBaseUser | None
) -> RegulationImport:
    """First step in the admin: parse the upload and keep it for the editor to check and confirm."""
    with recorded_on_failure(source=source, filename=filename, title=title, revises=revises, user=user):
        parse_source(source, filename=filename, title=title)
    return record_import_attempt(source=source, filename=filename, title=title, revises=revises, user=user)


def put_edition_in_force(*, edition: RegulationPage) -> None:
    """A published edition: if it is in force and revises another, the other becomes 已修订, each of its
    articles learns what it became (regulations.succession), and the apps above hear of it
    (regulations.events.edition_in_force), all in one transaction."""
    if edition.revises_id is None or edition.status != RegulationStatus.IN_FORCE:
        return
    with transaction.atomic():
        supersede_previous_edition(edition=edition)
        touched = record_succession(edition=edition)
        events.edition_in_force.send(
            sender=RegulationPage,
            edition=edition,
            previous=edition.revises,
            touched_article_ids=[article.pk for article in touched],
        )


def supersede_previous_edition(*, edition: RegulationPage) -> None:
    """When a revising edition goes live in force, the edition it revises becomes 已修订."""
    previous = edition.revises
    if previous is None or edition.status != RegulationStatus.IN_FORCE:
        return
    if previous.status == RegulationStatus.REVISED:
        return
    with transaction.atomic():
        previous.status = RegulationStatus.REVISED
        if previous.live:
            previous.save_revision(log_action=True).publish()
        else:
            previous.save(update_fields=["status"])
    logger.info("Edition %s marked as revised by %s", previous.pk, edition.pk)
