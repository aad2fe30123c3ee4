"""Writes for the regulation library: importing an edition (all or nothing) and superseding the old one."""

import contextlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from wagtail.models import Page, Site
from wagtail.search.backends import get_search_backends

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
        regulation = RegulationPage(
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
        library.add_child(instance=regulation)
        articles = RegulationArticle.objects.bulk_create(
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
            for position, draft in enumerate(drafts, start=1)
        )
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
    """
    parsed = parse_source(source, filename=filename, title=title, allow_numbering_gaps=allow_numbering_gaps)
    with transaction.atomic():
        library = ensure_library()
        base_slug = f"{revises.slug}-rev" if revises else f"regulation-{RegulationPage.objects.count() + 1}"
        return create_regulation(
            library=library,
            title=title,
            slug=base_slug,
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
) -> RegulationImport:
    """Keep the uploaded file and its outcome: a preview waiting for confirmation, or a failure."""
    return RegulationImport.objects.create(
        source=source,
        filename=filename,
        title=title,
        revises=revises,
        created_by=user,
        status=ImportStatus.FAILED if error else ImportStatus.PREVIEWED,
        error=error,
    )


@contextlib.contextmanager
def _recorded_on_failure(*, source: bytes, filename: str, title: str, revises, user):
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
    with _recorded_on_failure(source=source, filename=filename, title=title, revises=revises, user=user):
        parse_source(source, filename=filename, title=title)
    return record_import_attempt(source=source, filename=filename, title=title, revises=revises, user=user)


def import_file(
    *,
    source: bytes,
    filename: str,
    title: str,
    revises: RegulationPage | None = None,
    user: AbstractBaseUser | None = None,
    allow_numbering_gaps: bool = False,
    publish: bool = False,
) -> RegulationPage:
    """import_regulation for the command line: a failed attempt is recorded like one in the admin."""
    with _recorded_on_failure(source=source, filename=filename, title=title, revises=revises, user=user):
        return import_regulation(
            source=source,
            filename=filename,
            title=title,
            revises=revises,
            user=user,
            allow_numbering_gaps=allow_numbering_gaps,
            publish=publish,
        )


def confirm_import(*, attempt: RegulationImport, user: AbstractBaseUser | None) -> RegulationPage:
    """Import a previewed upload. A failure on confirmation is recorded on the attempt and re-raised."""
    try:
        with transaction.atomic():
            # Locked, so two confirmations at the same moment (double tap, two tabs) import once.
            attempt = RegulationImport.objects.select_for_update().get(pk=attempt.pk)
            if attempt.status != ImportStatus.PREVIEWED:
                raise RegulationParseError("这次导入已经处理过，请重新上传文件。")
            regulation = import_regulation(
                source=bytes(attempt.source),
                filename=attempt.filename,
                title=attempt.title,
                revises=attempt.revises,
                user=user,
            )
            attempt.status = ImportStatus.IMPORTED
            attempt.regulation = regulation
            attempt.save(update_fields=["status", "regulation"])
    except RegulationParseError as error:
        RegulationImport.objects.filter(pk=attempt.pk, status=ImportStatus.PREVIEWED).update(
            status=ImportStatus.FAILED, error=error.message
        )
        raise
    return regulation


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
