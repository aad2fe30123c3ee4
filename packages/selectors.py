"""Reads: what an export holds and what its 脱敏 check found; imported items; the office's identity."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from core.labels import person_name
from desensitisation.api import FlagKind, find_flags, known_names, page_flags, page_text
from packages.encoding import Encoder, item_ref_key
from packages.format import read_package
from packages.kinds import Kind, kind_named
from packages.models import ExportStatus, ImportedItem, ItemClearance, OfficeIdentity, PackageExport, PackageUpload

__all__ = ["ExportEntry", "ExportReport", "ItemFlag", "export_report", "item_flags", "office_identity", "origins_of"]


def office_identity() -> OfficeIdentity | None:
    return OfficeIdentity.objects.first()


@dataclass(frozen=True)
class ItemFlag:
    field: str
    kind: str
    kind_label: str
    text: str
    context: str
    cleared: bool = False
    cleared_by: str = ""
    cleared_at: datetime | None = None
    reason: str = ""


@dataclass
class ExportEntry:
    kind: Kind
    instance: object
    #: What leaves: a page's published revision, or the row itself.
    content: object
    title: str
    flags: list[ItemFlag] = field(default_factory=list)

    @property
    def uncleared(self) -> list[ItemFlag]:
        return [flag for flag in self.flags if not flag.cleared]


@dataclass
class ExportReport:
    entries: list[ExportEntry]
    missing: list[dict]

    @property
    def found(self) -> int:
        return sum(len(entry.flags) for entry in self.entries)

    @property
    def uncleared(self) -> int:
        return sum(len(entry.uncleared) for entry in self.entries)


def _published_content(kind: Kind, instance):
    if kind.is_page:
        revision = instance.live_revision
        return revision.as_object() if revision is not None else instance
    return instance


def item_flags(*, kind: Kind, instance, names: tuple[list[str], list[str]] | None = None) -> list[ItemFlag]:
    """The 脱敏 flags of what would leave: a page's published revision with the page's clearances, or a row's
    texts with the clearances made for it here."""
    if kind.is_page:
        return [
            ItemFlag(
                field=f.field,
                kind=f.kind,
                kind_label=f.kind_label,
                text=f.text,
                context=f.context,
                cleared=f.cleared,
                cleared_by=f.cleared_by,
                cleared_at=f.cleared_at,
                reason=f.reason,
            )
            for f in page_flags(page=instance, revision=instance.live_revision)
        ]
    clearances = {
        (c.kind, c.text): c
        for c in ItemClearance.objects.filter(model=kind.model._meta.label_lower, object_id=instance.pk).select_related(
            "cleared_by"
        )
    }
    places, units = names or known_names()  # the gazetteer and unit list, read once for all the item's texts
    flags = []
    for label, text in page_text(instance):
        for flag in find_flags(text, place_names=places, unit_names=units):
            clearance = clearances.get((flag.kind, flag.text))
            flags.append(
                ItemFlag(
                    field=label,
                    kind=flag.kind,
                    kind_label=str(FlagKind(flag.kind).label),
                    text=flag.text,
                    context=flag.context,
                    cleared=clearance is not None,
                    cleared_by=person_name(clearance.cleared_by) if clearance and clearance.cleared_by else "",
                    cleared_at=clearance.cleared_at if clearance else None,
                    reason=clearance.reason if clearance else "",
                )
            )
    return flags


def export_report(*, export: PackageExport, with_flags: bool = True) -> ExportReport:
    """The export's items as they would leave now, each with its 脱敏 flags; items gone since are listed apart."""
    entries, missing = [], []
    names = None
    wanted: dict[str, list[int]] = {}
    for item in export.items:
        wanted.setdefault(item["kind"], []).append(item["id"])
    found: dict[tuple[str, int], object] = {}
    for kind_key, ids in wanted.items():
        kind = kind_named(kind_key)
        if kind is None:
            continue
        for instance in kind.choices().filter(pk__in=ids):
            found[(kind_key, instance.pk)] = instance
    for item in export.items:
        kind = kind_named(item["kind"])
        instance = found.get((item["kind"], item["id"]))
        if kind is None or instance is None:
            missing.append(item)
            continue
        content = _published_content(kind, instance)
        entry = ExportEntry(kind=kind, instance=instance, content=content, title=kind.title_of(content))
        if with_flags:
            names = names or known_names()
            entry.flags = item_flags(kind=kind, instance=instance, names=names)
        entries.append(entry)
    return ExportReport(entries=entries, missing=missing)


def origins_of(*, entries: list[ExportEntry]) -> dict[tuple[str, int], dict]:
    """For items that came here in another office's package: their origin, kept when a hub passes them on, so the
    county that wrote them recognises them (and a later version updates them) in the combined package."""
    by_model: dict[str, list[int]] = {}
    for entry in entries:
        by_model.setdefault(entry.kind.model._meta.label_lower, []).append(entry.instance.pk)
    kinds = {entry.kind.model._meta.label_lower: entry.kind.key for entry in entries}
    origins = {}
    for model, ids in by_model.items():
        for imported in ImportedItem.objects.filter(model=model, object_id__in=ids):
            origins[(kinds[model], imported.object_id)] = {
                "code": imported.origin_code,
                "name": imported.source_name,
                "key": imported.origin_key,
            }
    return origins


def exports_list():
    return PackageExport.objects.select_related("created_by", "approved_by").defer("file")


def approved(export: PackageExport) -> bool:
    return export.status == ExportStatus.APPROVED


# Reads of the admin pages (packages.views).


def uploads_list():
    return PackageUpload.objects.select_related("uploaded_by").defer("file")


def imported_items_list():
    return ImportedItem.objects.all()


def package_titles(*, keys: set[str]) -> dict[tuple[str, int], str]:
    """(package key, version) → the title of the upload that carried it, to name an imported item's source."""
    rows = PackageUpload.objects.filter(package_key__in=keys).values_list("package_key", "version", "package_title")
    return {(key, version): title for key, version, title in rows}


def package_keys() -> list[tuple[str, str, int]]:
    """(key, latest title, latest version) of each package this office has prepared, for a later version."""
    latest: dict[str, tuple[str, int]] = {}
    for key, title, version in PackageExport.objects.order_by("key", "version").values_list("key", "title", "version"):
        latest[key] = (title, version)
    return [(key, title, version) for key, (title, version) in latest.items()]


def left_out_of(*, export: PackageExport, report: ExportReport) -> list[str]:
    """What the package leaves behind (people, rounds, pages not in it): from the frozen file once approved, else
    by encoding the items as they read now (nothing stored)."""
    if export.status == ExportStatus.APPROVED and export.file:
        return list(read_package(bytes(export.file)).manifest.get("left_out", []))
    keys = {item_ref_key(e.kind.model, e.instance.pk): f"i{n}" for n, e in enumerate(report.entries, 1)}
    encoder = Encoder(items=keys, add_media=None)
    for entry in report.entries:
        encoder.encode(entry.content)
    return sorted(set(encoder.left_out))
