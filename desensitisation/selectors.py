"""Reads of the 脱敏 check: a page's flags (its latest revision, so a draft is checked before it is published),
with the reviewers' clearances."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from wagtail.models import Page, Revision

from core.labels import person_name
from desensitisation.detect import Flag, FlagKind, find_flags
from desensitisation.models import FlagClearance, PlaceName
from desensitisation.page_text import page_text
from rounds.api import inspected_unit_names


@dataclass(frozen=True)
class PageFlag:
    field: str
    kind: str
    kind_label: str
    text: str
    context: str
    #: the context cut around the match, for highlighting it without markup in the data.
    before: str
    after: str
    cleared: bool = False
    cleared_by: str = ""
    cleared_at: datetime | None = None
    reason: str = ""
    clearance_id: int | None = None


def known_names() -> tuple[list[str], list[str]]:
    """(gazetteer place names, unit names of the office's rounds)."""
    return list(PlaceName.objects.values_list("name", flat=True)), inspected_unit_names()


def text_flags(*, text: str) -> list[Flag]:
    """The flags of a text, against the office's gazetteer and unit list."""
    places, units = known_names()
    return find_flags(text, place_names=places, unit_names=units)


def _content(page: Page, revision: Revision | None) -> Page:
    if revision is not None:
        return revision.as_object()
    return page.specific.get_latest_revision_as_object()


def found_flags(*, page: Page, revision: Revision | None = None) -> list[tuple[str, Flag]]:
    """(field label, flag) for the page's latest revision (or the given one), without clearances."""
    places, units = known_names()
    found = []
    for label, text in page_text(_content(page, revision)):
        found += [(label, flag) for flag in find_flags(text, place_names=places, unit_names=units)]
    return found


def _split(flag: Flag) -> tuple[str, str]:
    offset = flag.context.find(flag.text)
    return flag.context[:offset], flag.context[offset + len(flag.text) :]


def page_flags(*, page: Page, revision: Revision | None = None) -> list[PageFlag]:
    clearances = {
        (clearance.kind, clearance.text): clearance
        for clearance in FlagClearance.objects.filter(page_id=page.pk).select_related("cleared_by")
    }
    flags = []
    for label, flag in found_flags(page=page, revision=revision):
        clearance = clearances.get((flag.kind, flag.text))
        before, after = _split(flag)
        flags.append(
            PageFlag(
                field=label,
                kind=flag.kind,
                kind_label=str(FlagKind(flag.kind).label),
                text=flag.text,
                context=flag.context,
                before=before,
                after=after,
                cleared=clearance is not None,
                cleared_by=person_name(clearance.cleared_by) if clearance else "",
                cleared_at=clearance.cleared_at if clearance else None,
                reason=clearance.reason if clearance else "",
                clearance_id=clearance.pk if clearance else None,
            )
        )
    return flags


def uncleared_flags(*, page: Page, revision: Revision | None = None) -> list[PageFlag]:
    return [flag for flag in page_flags(page=page, revision=revision) if not flag.cleared]


def uncleared_count(*, page: Page) -> int:
    return len(uncleared_flags(page=page))


def flag_is_on_page(*, page: Page, kind: str, text: str) -> bool:
    return any(flag.kind == kind and flag.text == text for _, flag in found_flags(page=page))
