"""Preparing, checking and approving a package this office sends out (writes; the reads are in selectors)."""

from __future__ import annotations

import os
import re

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from audit.api import record_security_event
from core.labels import person_name
from desensitisation.api import ClearanceError, clear_flag
from packages import selectors
from packages.encoding import Encoder, item_ref_key
from packages.format import PackageWriter, sha256
from packages.kinds import KINDS, kind_named
from packages.models import APPROVE_PERMISSION, ExportStatus, ItemClearance, OfficeIdentity, PackageExport

__all__ = ["ExportError", "approve_export", "build_package", "clear_item_flag", "create_export", "set_office_name"]

REASON_MAX = 200


class ExportError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def set_office_name(*, name: str, user, request=None) -> OfficeIdentity:
    name = " ".join((name or "").split())
    if not name:
        raise ExportError(_("Enter the office's name, as receivers should read it."))
    if len(name) > 60:
        raise ExportError(_("The office's name is too long (60 characters at most)."))
    with transaction.atomic():
        office = OfficeIdentity.objects.select_for_update().first() or OfficeIdentity()
        office.name = name
        office.save()
        record_security_event(action="packages.office_named", request=request, actor=user, detail={"name": name})
    return office


def create_export(*, user, title: str, items: list[tuple[str, int]], key: str = "", note: str = "") -> PackageExport:
    """A new version of a package (the next number for its key), waiting for the 脱敏 check and approval."""
    title = " ".join((title or "").split())
    if not title:
        raise ExportError(_("Give the package a title."))
    if len(title) > 120:
        raise ExportError(_("The title is too long (120 characters at most)."))
    chosen = _checked_items(items)
    key = slugify(key or title, allow_unicode=True)[:60] or "package"
    with transaction.atomic():
        for _attempt in range(3):
            version = (PackageExport.objects.filter(key=key).aggregate(v=Max("version"))["v"] or 0) + 1
            try:
                with transaction.atomic():
                    return PackageExport.objects.create(
                        key=key, version=version, title=title, note=(note or "").strip(), items=chosen, created_by=user
                    )
            except IntegrityError:
                continue  # another editor took this version number a moment ago
    raise ExportError(_("Another package with this key was being saved at the same time; please try again."))


def _checked_items(items: list[tuple[str, int]]) -> list[dict]:
    if not items:
        raise ExportError(_("Choose at least one item for the package."))
    chosen, seen = [], set()
    for kind_key, object_id in items:
        kind = kind_named(kind_key)
        if kind is None:
            raise ExportError(_("Unknown kind of item: %(kind)s") % {"kind": kind_key})
        if (kind.key, int(object_id)) in seen:
            continue
        if not kind.choices().filter(pk=object_id).exists():
            raise ExportError(
                _("%(kind)s no. %(id)s cannot be packaged: it does not exist or is not published.")
                % {"kind": kind.label, "id": object_id}
            )
        seen.add((kind.key, int(object_id)))
        chosen.append({"kind": kind.key, "id": int(object_id)})
    _add_required(chosen, seen)
    order = {kind.key: n for n, kind in enumerate(KINDS)}
    return sorted(chosen, key=lambda item: order[item["kind"]])  # stable: the editor's order within a kind


def _add_required(chosen: list[dict], seen: set) -> None:
    """Add what the chosen items need to be used here (a quiz's questions, a track's lessons and quizzes), until
    nothing more is needed: a track's quizzes bring their questions in turn."""
    grew = True
    while grew:
        grew = False
        for kind in KINDS:
            ids = [item["id"] for item in chosen if item["kind"] == kind.key]
            for required_key, lookup in kind.requires if ids else ():
                required = kind_named(required_key)
                rows = required.choices()
                rows = rows.filter(pk__in=lookup(ids)) if callable(lookup) else rows.filter(**{lookup: ids})
                for pk in rows.values_list("pk", flat=True).distinct():
                    if (required_key, pk) not in seen:
                        seen.add((required_key, pk))
                        chosen.append({"kind": required_key, "id": pk})
                        grew = True


def clear_item_flag(
    *, export: PackageExport, kind: str, object_id: int, flag_kind: str, text: str, reason: str, reviewer, request=None
):
    """A reviewer decides a flagged text of one of the package's items is not real personal data."""
    if not reviewer.has_perm(APPROVE_PERMISSION):
        raise ExportError(_("Only a reviewer may clear an anonymisation flag."))
    entry = next((i for i in export.items if i["kind"] == kind and i["id"] == int(object_id)), None)
    package_kind = kind_named(kind)
    if entry is None or package_kind is None:
        raise ExportError(_("This item is not in the package."))
    instance = package_kind.model.objects.filter(pk=object_id).first()
    if instance is None:
        raise ExportError(_("This item no longer exists."))
    if package_kind.is_page:
        try:
            return clear_flag(
                page=instance, kind=flag_kind, text=text, reason=reason, reviewer=reviewer, request=request
            )
        except ClearanceError as error:
            raise ExportError(error.message if hasattr(error, "message") else str(error)) from error
    reason = " ".join((reason or "").split())
    if not reason:
        raise ExportError(_("Give a reason: why is this not real personal data?"))
    if len(reason) > REASON_MAX:
        raise ExportError(_("The reason is too long (200 characters at most)."))
    if not any(
        f.kind == flag_kind and f.text == text for f in selectors.item_flags(kind=package_kind, instance=instance)
    ):
        raise ExportError(_("This text is no longer flagged in the item."))
    with transaction.atomic():
        clearance, created = ItemClearance.objects.get_or_create(
            model=package_kind.model._meta.label_lower,
            object_id=instance.pk,
            kind=flag_kind,
            text=text,
            defaults={"reason": reason, "cleared_by": reviewer, "cleared_at": timezone.now()},
        )
        if created:
            record_security_event(
                action="packages.flag_cleared",
                request=request,
                actor=reviewer,
                detail={"model": clearance.model, "object_id": instance.pk, "kind": flag_kind, "text": text},
            )
    return clearance


def approve_export(*, export: PackageExport, reviewer, request=None) -> PackageExport:
    """Freeze the package: refused while any 脱敏 flag is uncleared; the file built now is the one that leaves."""
    if not reviewer.has_perm(APPROVE_PERMISSION):
        raise ExportError(_("Only a reviewer may approve a package for export."))
    if export.created_by_id == reviewer.pk:
        raise ExportError(_("A package is approved by another person than the one who prepared it."))
    office = OfficeIdentity.objects.first()
    if office is None:
        raise ExportError(_("Set this office's name first (内容包 → 本办信息): receivers see it as the source."))
    with transaction.atomic():
        locked = PackageExport.objects.select_for_update().get(pk=export.pk)
        if locked.status != ExportStatus.DRAFT:
            raise ExportError(_("This package was approved already."))
        report = selectors.export_report(export=locked)
        if report.missing:
            raise ExportError(
                _("%(n)s items of the package no longer exist or are no longer published; prepare a new version.")
                % {"n": len(report.missing)}
            )
        if report.uncleared:
            raise ExportError(
                _("%(n)s flagged texts are neither fixed nor cleared: the package cannot leave the office.")
                % {"n": report.uncleared}
            )
        now = timezone.now()
        data = build_package(export=locked, office=office, report=report, approved_by=reviewer, approved_at=now)
        locked.file, locked.file_sha256 = data, sha256(data)
        locked.status, locked.approved_by, locked.approved_at = ExportStatus.APPROVED, reviewer, now
        locked.save(update_fields=["file", "file_sha256", "status", "approved_by", "approved_at"])
        record_security_event(
            action="packages.export_approved",
            request=request,
            actor=reviewer,
            detail={
                "export_id": locked.pk,
                "key": locked.key,
                "version": locked.version,
                "item_count": len(locked.items),
            },
        )
    return locked


def build_package(*, export: PackageExport, office: OfficeIdentity, report, approved_by, approved_at) -> bytes:
    """The zip for this export from the items as they read now (their published text)."""
    writer = PackageWriter()
    origins = selectors.origins_of(entries=report.entries)
    keys = {item_ref_key(entry.kind.model, entry.instance.pk): f"i{n}" for n, entry in enumerate(report.entries, 1)}
    media_seen: dict[tuple[str, int], str] = {}

    def add_media(obj, kind):
        if (kind, obj.pk) not in media_seen:
            with obj.file.open("rb") as handle:
                content = handle.read()
            media_seen[(kind, obj.pk)] = writer.add_media(content=content, extension=os.path.splitext(obj.file.name)[1])
        return media_seen[(kind, obj.pk)]

    encoder = Encoder(items=keys, add_media=add_media)
    listed = []
    for n, entry in enumerate(report.entries, 1):
        data = encoder.encode(entry.content)
        key = f"i{n}"
        origin = origins.get((entry.kind.key, entry.instance.pk)) or {
            "code": str(office.code),
            "name": office.name,
            "key": f"{entry.kind.key}:{entry.instance.pk}",
        }
        path = f"items/{n:05d}.json"
        writer.add_json(
            path, {"key": key, "kind": entry.kind.key, "title": entry.title, "origin": origin, "data": data}
        )
        listed.append({"key": key, "kind": entry.kind.key, "title": entry.title, "path": path, "origin": origin})
    manifest = {
        "source": {"name": office.name, "code": str(office.code)},
        "package": {"key": export.key, "title": export.title, "version": export.version, "note": export.note},
        "prepared_by": person_name(export.created_by) if export.created_by else "",
        "prepared_at": export.created_at.isoformat(),
        "approved_by": person_name(approved_by),
        "approved_at": approved_at.isoformat(),
        "items": listed,
        "desensitisation": {
            "checked_at": approved_at.isoformat(),
            "flags_found": report.found,
            "cleared": [
                {
                    "item": keys[item_ref_key(entry.kind.model, entry.instance.pk)],
                    "kind": flag.kind,
                    "text": flag.text,
                    "reason": flag.reason,
                    "cleared_by": flag.cleared_by,
                    "cleared_at": flag.cleared_at.isoformat() if flag.cleared_at else "",
                }
                for entry in report.entries
                for flag in entry.flags
            ],
        },
        "left_out": sorted(set(encoder.left_out)),
    }
    return writer.build(manifest)


def package_file_name(export: PackageExport) -> str:
    safe = re.sub(r"[^\w\-]+", "-", export.key).strip("-") or "package"
    return f"{safe}-v{export.version}.zip"


def delete_export(*, export: PackageExport, user) -> None:
    with transaction.atomic():
        locked = PackageExport.objects.select_for_update().filter(pk=export.pk).first()
        if locked is None:
            return
        if locked.status != ExportStatus.DRAFT:
            raise ExportError(_("An approved package is kept as the record of what left the office."))
        locked.delete()
